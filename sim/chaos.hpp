// sim/chaos.hpp: a seeded chaos generator. A spec such as
// "kill-rate=0.2/s,loss=0.01,partition-rate=0.1/s" becomes a concrete fault plan,
// which is what runs, what the trace records and what a campaign can shrink.
#pragma once

#include "detsim/sim/fault_plan.hpp"
#include "detsim/sim/rng.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace detsim::sim {

/// The most faults of one kind chaos may expect to draw over a run.
constexpr double max_chaos_faults = 100'000;

struct chaos_spec {
  double kill_rate = 0;                   ///< kills per simulated second (Poisson)
  duration restart_after{1'000'000'000};  ///< a killed node restarts this much later
  double loss = 0;                        ///< loss probability on every link, whole run
  double duplicate = 0;                   ///< duplication probability, whole run
  double partition_rate = 0;              ///< node isolations per simulated second
  duration partition_duration{500'000'000};
  double latency_spike_rate = 0;          ///< latency spikes per simulated second
  duration spike_extra{50'000'000};
  duration spike_duration{500'000'000};
  double slow_rate = 0;                   ///< node slowdowns (slow disk and NIC) per second
  double slow_factor = 4;
  duration slow_duration{2'000'000'000};
  double memory_rate = 0;                 ///< memory-pressure episodes per simulated second
  double memory_share = 0.5;              ///< the share of memory a node keeps meanwhile
  duration memory_duration{5'000'000'000};
  /// Chaos acts only from `from` until `until` (0: the run's end); a quiet period after
  /// `until` lets a checker ask that everything settles once faults stop. Killed nodes
  /// still restart `restart_after` later, even past `until`.
  duration from{0};
  duration until{0};

  /// Parses "key=value,..." (rates as "0.2/s" or "0.2"). Throws input_error.
  static chaos_spec parse(std::string_view text);
  std::string to_string() const;
  bool empty() const;
};

/// Draws concrete faults for a run of `length` over the `nodes` a scenario lets chaos
/// touch, inside the spec's window. The same spec, rng state and nodes always give the same plan.
fault_plan generate_chaos(const chaos_spec& spec, rng& random, duration length,
                          const std::vector<std::string>& nodes);

} // namespace detsim::sim
