// actors/ingest/pipeline_state.cpp: sizing and crash-clearing of the shared pipeline state.
#include "detsim/actors/ingest/pipeline_state.hpp"

namespace detsim::actors::ingest {

void space_state::clear_volatile() {
  for (auto& queue : queues)
    queue.clear();
  depth = {};
  in_flight.clear();
  depth_gauge.store(0, std::memory_order_relaxed);
}

pipeline_state::pipeline_state(std::size_t space_count, std::size_t worker_count,
                               std::size_t producer_count)
  : workers(worker_count), producers(producer_count) {
  spaces.reserve(space_count);
  for (std::size_t i = 0; i < space_count; ++i)
    spaces.push_back(std::make_unique<space_state>());
}

} // namespace detsim::actors::ingest
