// bench/simgrid/workloads.hpp: the bench's ring, swarm and PHOLD written as SimGrid s4u
// programs, so detsim's speed can be read against a published simulator on the same
// machine in the same run. One workload per process: SimGrid has one engine per process.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace simgrid::s4u {
class Host;
}

namespace bench::simgrid_side {

/// What a workload did and how long the simulation took (wall seconds, platform set-up
/// excluded).
struct result {
  std::uint64_t count = 0; ///< deliveries (ring), decisions (swarm), events (PHOLD)
  double wall_seconds = 0;
};

/// Wall seconds since `start` (the bench's own timing; nothing simulated reads it).
inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// `hosts` hosts around one star: each reaches the centre over its own fat-pipe link (no
/// bandwidth sharing between flows) of half `latency_s`, and itself over a loopback link
/// of `latency_s`, so every message pays `latency_s` plus its size over `bytes_per_s`. CM02
/// network model without cross traffic, so that holds exactly and a sender can choose a
/// message's delay by its size. One host per actor, as each detsim node is a machine.
std::vector<simgrid::s4u::Host*> make_platform(std::size_t hosts, double latency_s,
                                               double bytes_per_s);

/// `actors` actors pass 100 tokens around a ring until `messages` were delivered.
result run_ring(std::uint32_t actors, std::uint64_t messages);

/// The default swarm: `agents` agents decide `rate_hz` times a second, each decision an
/// acquire (or update, or release) request to one of `resources` resources over links of
/// 100 us + exponential 50 us, for `seconds` simulated seconds.
result run_swarm(std::uint32_t agents, std::uint32_t resources, double seconds);

/// PHOLD: `lps` LPs with `population` events each; each event schedules one more after
/// lookahead + exponential(mean_delay), remote with probability `remote`; stops after
/// `events` events, or sooner once `budget_s` wall seconds are spent (SimGrid's network
/// solver slows with the messages in flight: at large populations it needs the budget).
result run_phold(std::uint32_t lps, std::uint32_t population, double lookahead_s,
                 double mean_delay_s, double remote, std::uint64_t events, double budget_s);

} // namespace bench::simgrid_side
