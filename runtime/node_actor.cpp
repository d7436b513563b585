// runtime/node_actor.cpp: hands every message for this actor to the world, and tells it
// of every delivery.
#include "detsim/runtime/node_actor.hpp"

namespace detsim::runtime {

node_actor::node_actor(caf::actor_config& cfg, world& w, sim::node_id node)
  : caf::event_based_actor(cfg), world_(w), node_(node), random_(w.random_stream(node)) {}

void node_actor::enqueue(caf::mailbox_element_ptr element, caf::execution_unit* unit) {
  world_.send_to(*this, std::move(element), unit);
}

caf::resumable::resume_result node_actor::resume(caf::execution_unit* unit,
                                                 size_t max_throughput) {
  auto* lock = world_.handler_lock_;
  if (!lock)
    return caf::event_based_actor::resume(unit, max_throughput);
  std::lock_guard<std::recursive_mutex> guard{*lock};
  return caf::event_based_actor::resume(unit, max_throughput);
}

caf::invoke_message_result node_actor::consume(caf::mailbox_element& element) {
  world_.before_consume(*this, element);
  return caf::event_based_actor::consume(element);
}

} // namespace detsim::runtime
