// bench/simgrid_side.hpp: runs detsim-simgrid (the bench's workloads as SimGrid s4u
// programs, built with -DDETSIM_BENCH_SIMGRID=ON) and reads its rate, so detsim-bench
// prints detsim/SimGrid ratios from the same run.
#pragma once

#include <optional>
#include <string>

namespace bench {

/// True when detsim-bench was built with the SimGrid programs.
bool simgrid_built();

/// What one SimGrid workload did: count per wall second, or nothing when the program
/// failed or did not finish within `timeout_s`.
struct simgrid_rate {
  double per_second = 0;
  std::string failure; ///< empty when per_second holds
};

/// Runs `detsim-simgrid ARGS` (see bench/simgrid/main.cpp) under a wall-clock bound.
simgrid_rate run_simgrid(const std::string& args, int timeout_s);

} // namespace bench
