// bench/swarm_floor.hpp: the swarm's decisions on CAF alone: what CAF 0.17.6's own
// per-message path costs them with nothing around it, the yardstick for the swarm's wall
// time (not a strict floor: detsim's engine skips a few parts of CAF's resume path).
#pragma once

#include <cstdint>

namespace bench {

struct floor_result {
  std::uint64_t decisions = 0;
  std::uint64_t deliveries = 0;
  double seconds = 0;
};

/// Plain CAF actors on CAF's test_coordinator playing the swarm's decisions: each agent's
/// tick (a message from outside, in a seeded order of phases), its acquire, update or
/// release to a random resource, the resource's reply through CAF's request/response with
/// its then() handlers, one message per resume as detsim delivers. No clock (ticks are
/// sent, requests have no timeout), no network, no trace, no durable store, no checker:
/// only CAF's per-message machinery and the lease logic deciding which message comes next.
/// `warm`: each agent's memory is prefetched 4 ticks before its tick, as detsim's clock
/// warms the actors of its next timers.
floor_result run_swarm_floor(std::uint32_t agents, std::uint32_t resources,
                             std::uint32_t periods, std::uint64_t seed, bool warm);

} // namespace bench
