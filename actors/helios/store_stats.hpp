// actors/helios/store_stats.hpp: what a Helios store measured, shared with its scenario's
// report: counts, the real CPU its operations took (this machine's, not the model's),
// commits over simulated time and the store's growth, and what its recoveries found.
#pragma once

#include "detsim/actors/helios/store_log.hpp"
#include "detsim/sim/histogram.hpp"
#include "detsim/sim/time_series.hpp"

#include <cstdint>
#include <vector>

namespace detsim::actors::helios {

/// The store's size at one moment: the Merkle DAG's growth and its memory.
struct growth_sample {
  sim::time_point at{0};
  std::uint64_t states = 0;
  std::uint64_t bytes = 0;
};

struct store_stats {
  std::uint64_t commits = 0;      ///< items asked to commit
  std::uint64_t created = 0;      ///< new states among them
  std::uint64_t deduplicated = 0; ///< content that was stored already
  std::uint64_t refused = 0;      ///< unknown parent, malformed delta, too large
  std::uint64_t gets = 0;
  std::uint64_t forks = 0;
  std::uint64_t merges = 0;
  std::uint64_t merge_conflicts = 0;
  std::uint64_t proofs = 0;
  sim::histogram commit_cpu_ns; ///< real time per commit item, on this machine
  sim::histogram get_cpu_ns;    ///< real time to find and rebuild a state by digest
  sim::histogram fork_cpu_ns;   ///< real time to name a branch
  sim::time_series commits_over_time{sim::duration{10'000'000}};
  std::vector<growth_sample> growth;
  std::uint64_t states = 0;       ///< latest
  std::uint64_t memory_bytes = 0; ///< latest
  std::uint64_t recoveries = 0;
  recovery_result last_recovery;
  std::int64_t recovery_wall_ns = 0; ///< real time the last recovery took
  std::int64_t first_commit_wall_ns = 0; ///< stopwatch at the first and last commit
  std::int64_t last_commit_wall_ns = 0;
  sim::time_point last_commit_at{0};     ///< simulated

  /// Keeps a growth sample at most every `every` of simulated time; past 400 samples
  /// every other one is dropped and the spacing doubles, so long runs stay small.
  void sample(sim::time_point at, std::uint64_t states_now, std::uint64_t bytes_now) {
    states = states_now;
    memory_bytes = bytes_now;
    if (!growth.empty() && at - growth.back().at < every)
      return;
    growth.push_back({at, states_now, bytes_now});
    if (growth.size() > 400) {
      std::vector<growth_sample> kept;
      for (std::size_t i = 0; i < growth.size(); i += 2)
        kept.push_back(growth[i]);
      growth = std::move(kept);
      every *= 2;
    }
  }
  sim::duration every{1'000'000};
};

} // namespace detsim::actors::helios
