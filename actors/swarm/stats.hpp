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

  /// Adds another shard's counts (a split run keeps one per group).
  void add(const swarm_stats& other) {
    decisions += other.decisions;
    acquires += other.acquires;
    grants += other.grants;
    denials += other.denials;
    timeouts += other.timeouts;
    updates_acked += other.updates_acked;
    updates_rejected += other.updates_rejected;
    releases += other.releases;
    grant_latency.merge(other.grant_latency);
  }
};

} // namespace detsim::actors::swarm
