// actors/ingest/space.hpp: one isolated space of the ingest server. It admits a
// producer's observations into three priority queues (rejecting when full, asking for
// backpressure near full), hands workers batches sized by its depth (high priority first),
// commits reported batches to its index exactly once, and requeues batches whose worker
// went silent. It wakes idle workers at their next poll, as a sleeping poller would find work.
#pragma once

#include "detsim/actors/ingest/delivery_checker.hpp"
#include "detsim/actors/ingest/ingest_stats.hpp"
#include "detsim/actors/ingest/messages.hpp"
#include "detsim/actors/ingest/pipeline_state.hpp"
#include "detsim/runtime/node_actor.hpp"

#include <array>

namespace detsim::actors::ingest {

struct space_options {
  std::array<std::uint64_t, priority_count> capacity{5000, 50000, 25000};
  double backpressure_at = 0.8;             ///< share of a queue's capacity
  sim::duration backpressure_delay{5'000'000};
  std::uint32_t batch_min = 10;
  std::uint32_t batch_max = 500;
  std::uint64_t steal_threshold = 1000;     ///< depth above which other workers may steal
  sim::duration idle_sleep{1'000'000};      ///< an idle worker's poll period
  sim::duration batch_timeout{1'000'000'000};
  /// false breaks the server on purpose: a stolen batch is not tracked, so it is lost
  /// when its worker dies before reporting it.
  bool steal_requeue = true;
  memory_model memory;
};

class ingest_space final : public runtime::node_actor {
public:
  ingest_space(caf::actor_config& cfg, runtime::world& w, sim::node_id node, std::uint32_t index,
               const std::vector<sim::node_id>* workers, space_options options,
               pipeline_state* state, ingest_stats* stats, delivery_checker* checker);

  caf::behavior make_behavior() override;

private:
  admission admit(observe& request);
  batch hand_out(const pull& request);
  void commit(const indexed& report);
  void requeue_overdue();
  std::vector<segment> take(std::uint64_t count);
  void change_depth(int priority, std::int64_t delta);
  void wake_workers();
  void wake(std::uint32_t worker);

  std::uint32_t index_;
  const std::vector<sim::node_id>* workers_;
  space_options options_;
  space_state& state_;
  pipeline_state* pipeline_;
  ingest_stats* stats_;
  delivery_checker* checker_;
};

} // namespace detsim::actors::ingest
