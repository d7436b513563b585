// harness/memory_limit.hpp: the memory one run may plan to use. A scenario's estimate
// from its parameters is compared with --max-memory (default: half of physical memory,
// or the process's address-space limit when that is lower) before anything is allocated.
#pragma once

#include "detsim/runtime/scenario.hpp"

#include <cstdint>
#include <string>

namespace detsim::harness {

struct memory_limit {
  std::uint64_t bytes = 0;
  std::string source; ///< where the figure comes from, for the refusal message
};

/// Half of physical memory, or the address-space limit (RLIMIT_AS) if lower.
memory_limit default_memory_limit();

/// `max_memory` bytes as given by --max-memory; 0 picks default_memory_limit().
memory_limit memory_limit_of(std::uint64_t max_memory);

/// Throws sim::input_error naming the driving parameter and the estimate when the
/// estimate exceeds the limit.
void check_memory(const std::string& scenario, const runtime::memory_estimate& estimate,
                  const memory_limit& limit);

} // namespace detsim::harness
