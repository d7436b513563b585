// actors/ingest/worker.hpp: one worker of the ingest pool. It takes batches from the
// spaces it owns (space % workers), steals from the deepest other space above the steal
// threshold when its own are empty, runs each batch on the host's CPU (insert cost grows
// with log2 of the space's index) and reports it indexed; with nothing to do it sleeps
// until a space wakes it at its next poll.
#pragma once

#include "detsim/actors/ingest/ingest_stats.hpp"
#include "detsim/actors/ingest/messages.hpp"
#include "detsim/actors/ingest/pipeline_state.hpp"
#include "detsim/runtime/node_actor.hpp"

namespace detsim::actors::ingest {

struct worker_options {
  std::uint64_t steal_threshold = 1000;
  sim::duration batch_cost{400'000};  ///< per batch: locking, allocation, queue handling
  sim::duration observation_cost{5'000}; ///< per observation: normalizing its embedding
  sim::duration insert_cost{2'200};   ///< per observation and per doubling of the index
  sim::duration request_timeout{1'000'000'000};
  sim::duration idle_recheck{100'000'000}; ///< an idle worker looks again this often anyway
  /// Insert into the space's real vector index on this thread instead of asking the CPU
  /// model for the time (for the realtime engine: it measures this machine).
  bool real_work = false;
};

class ingest_worker final : public runtime::node_actor {
public:
  ingest_worker(caf::actor_config& cfg, runtime::world& w, sim::node_id node, std::uint32_t index,
                const std::vector<sim::node_id>* spaces, sim::node_id cpu, worker_options options,
                pipeline_state* state, ingest_stats* stats);

  caf::behavior make_behavior() override;

private:
  void find_work();
  void ask(std::uint32_t space, bool stolen);
  void work_on(batch& b);
  void insert_for_real(const batch& b);
  void finish(batch& b);
  void go_idle();
  std::int64_t cost_of(const batch& b) const;

  std::uint32_t index_;
  const std::vector<sim::node_id>* spaces_;
  sim::node_id cpu_;
  worker_options options_;
  worker_slot& slot_;
  pipeline_state* state_;
  ingest_stats* stats_;
  bool busy_ = false;          ///< a pull or a batch is under way
  std::uint32_t next_own_ = 0; ///< round-robin position among its own spaces
  sim::time_point started_{0};
};

} // namespace detsim::actors::ingest
