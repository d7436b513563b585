// actors/swarm/stats.hpp: counters and latency histogram the swarm's agents fill in.
#pragma once

#include "detsim/sim/histogram.hpp"

#include <cstdint>

namespace detsim::actors::swarm {

struct swarm_stats {
  std::uint64_t decisions = 0;
  std::uint64_t acquires = 0;
  std::uint64_t grants = 0;
  std::uint64_t denials = 0;  ///< contention: the resource was held by someone else
  std::uint64_t timeouts = 0;
  std::uint64_t updates_acked = 0;
  std::uint64_t updates_rejected = 0;
  std::uint64_t releases = 0;
  sim::histogram grant_latency; ///< ns from acquire sent to grant received
};

} // namespace detsim::actors::swarm
