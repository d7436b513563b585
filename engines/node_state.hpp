// engines/node_state.hpp: what an engine keeps per node: how to spawn its actor, the
// current one, whether it is up, its incarnation's random stream and its durable store.
#pragma once

#include "detsim/runtime/world.hpp"

#include <memory>
#include <string>

namespace detsim::engines {

// The node's name is the network's (one copy a node: a million nodes spend 32 MB on it).
struct node_state {
  runtime::node_factory factory;
  caf::actor actor;
  bool up = false;
  bool host_stays_up = false; ///< a dead process on a live host refuses messages
  std::uint32_t incarnation = 0;

  /// The random stream of the node's current incarnation, derived from the seed when
  /// asked rather than kept (the actor keeps its own copy; 32 bytes a node saved).
  sim::rng random_stream(std::uint64_t seed, const std::string& name) const {
    return sim::rng::derive(seed, incarnation_name(name));
  }

  /// The node's disk, made on first use: most nodes of a large swarm never write, and an
  /// empty store is ~150 bytes a node.
  sim::durable_store& store() {
    if (!disk)
      disk = std::make_unique<sim::durable_store>();
    return *disk;
  }

  /// The node's process crashed: its disk keeps what was synced and, of its logs'
  /// unsynced tails, a prefix drawn from this incarnation's own stream (the seed's).
  void crash_disk(std::uint64_t seed, const std::string& name) {
    if (!disk)
      return; // nothing was ever written
    auto tear = sim::rng::derive(seed, incarnation_name(name) + "/crash");
    disk->crash(&tear);
  }

private:
  /// "name#incarnation": what this incarnation's streams are derived from.
  std::string incarnation_name(const std::string& name) const {
    return name + "#" + std::to_string(incarnation);
  }

  std::unique_ptr<sim::durable_store> disk;
};

} // namespace detsim::engines
