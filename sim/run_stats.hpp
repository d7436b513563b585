// sim/run_stats.hpp: what an engine reports about a finished run: why it stopped, how
// many steps, deliveries and drops it took, where virtual time ended, the digest.
#pragma once

#include "detsim/sim/time.hpp"
#include "detsim/sim/trace_event.hpp"

#include <cstdint>

namespace detsim::sim {

enum class stop_reason { finished, step_budget, wall_budget, stopped };

struct run_stats {
  stop_reason reason = stop_reason::finished;
  std::uint64_t steps = 0;
  std::uint64_t deliveries = 0;
  std::uint64_t drops = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t events = 0;
  sim::time_point end_time{0};
  std::uint64_t digest = sim::digest_seed;
  double wall_seconds = 0;
};

} // namespace detsim::sim
