// bench/scale.hpp: the swarm at 10 K, 100 K and 1 M agents (one resource per hundred
// agents, 10 decisions per agent), each in a child process of its own so its peak
// resident memory is its own; beside it, in the same child, CAF's test_coordinator alone
// forwarding one token per actor at the same population (what CAF delivers there with no
// engine around it), and detsim's engine on that same ring (the engine without a model).
// With threads, the swarm alone, split into that many groups run at once.
#pragma once

#include <cstdint>
#include <string>

namespace bench {

struct scale_result {
  std::uint32_t agents = 0;
  std::uint64_t peak_bytes = 0; ///< the child's peak resident set (VmHWM)
  double decisions_per_second = 0;
  double deliveries_per_second = 0;
  double caf_alone_per_second = 0;    ///< deliveries/s of run_scattered_reference
  double engine_alone_per_second = 0; ///< deliveries/s of run_engine_scattered
  double wall_seconds = 0;
  std::string failure; ///< empty when the child reported
};

/// Runs the child (the program `self` with --scale-child) for `agents` agents, on
/// `threads` threads (1: the plain run, with the rings beside it).
scale_result measure_scale(const std::string& self, std::uint32_t agents, std::uint32_t threads = 1);

/// The child's side: runs the swarm and prints its numbers; returns the exit code.
int scale_child(std::uint32_t agents, std::uint32_t threads);

} // namespace bench
