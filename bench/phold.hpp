// bench/phold.hpp: PHOLD on detsim (the `phold` scenario) and, as the limit, on a plain
// binary-heap event loop in the same process with the same distributions.
#pragma once

#include "detsim/sim/trace_event.hpp"

#include <cstdint>
#include <optional>

namespace bench {

struct phold_setup {
  std::uint32_t lps = 1000;
  std::uint32_t population = 1;   ///< events per LP at the start
  double lookahead_ms = 0.1;      ///< the time unit is a millisecond: lookahead 0.1,
  double mean_delay_ms = 1.0;     ///< mean delay 1.0, as published PHOLD runs use
  double remote = 0.25;
  std::uint64_t events = 2'000'000; ///< about this many events are processed
};

/// Events per wall second of the `phold` scenario at `level` (none: no trace file).
double phold_detsim_rate(const phold_setup& setup, std::optional<detsim::sim::trace_level> level);

/// Events per wall second of a binary-heap loop: pop the earliest, schedule one more.
double phold_heap_rate(const phold_setup& setup);

} // namespace bench
