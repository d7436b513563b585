// actors/ingest/host_cpu.hpp: the ingest server's processor, shared by its workers: a
// processor-sharing model of `cores` cores. Up to `cores` jobs each run at full speed;
// beyond that every job gets an equal share, less what context switches cost, so a pool
// larger than the machine slows its own workers and the throughput ramp has its knee.
#pragma once

#include "detsim/actors/ingest/ingest_stats.hpp"
#include "detsim/actors/ingest/messages.hpp"
#include "detsim/runtime/node_actor.hpp"

#include <caf/response_promise.hpp>

#include <vector>

namespace detsim::actors::ingest {

struct cpu_options {
  std::uint32_t cores = 8;
  /// Capacity lost per job beyond the core count, as a share of each job's speed (at
  /// most half is lost, however many jobs wait).
  double switch_penalty = 0.02;
};

class host_cpu final : public runtime::node_actor {
public:
  host_cpu(caf::actor_config& cfg, runtime::world& w, sim::node_id node, cpu_options options,
           ingest_stats* stats);

  caf::behavior make_behavior() override;
  /// Drops the promises of jobs in progress: each holds its worker, and a killed CPU's
  /// state would otherwise keep killed workers alive.
  void on_exit() override { jobs_.clear(); }

private:
  struct job {
    double remaining_ns = 0; ///< work left at full speed
    caf::response_promise promise;
  };

  /// Each job's speed now (1 = a whole core).
  double speed() const;
  void advance();
  void complete_finished();
  void schedule_wake();

  cpu_options options_;
  ingest_stats* stats_;
  std::vector<job> jobs_; ///< in arrival order
  sim::time_point last_{0};
  std::uint64_t generation_ = 0;
};

} // namespace detsim::actors::ingest
