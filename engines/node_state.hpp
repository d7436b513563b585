// engines/node_state.hpp: what an engine keeps per node: how to spawn its actor, the
// current one, whether it is up, its incarnation's random stream and its durable store.
#pragma once

#include "detsim/runtime/world.hpp"

#include <string>

namespace detsim::engines {

struct node_state {
  std::string name;
  runtime::node_factory factory;
  caf::actor actor;
  bool up = false;
  bool host_stays_up = false; ///< a dead process on a live host refuses messages
  std::uint32_t incarnation = 0;
  sim::rng random{0};
  sim::durable_store store;

  /// The node's process crashed: its disk keeps what was synced and, of its logs'
  /// unsynced tails, a prefix drawn from this incarnation's own stream (the seed's).
  void crash_disk(std::uint64_t seed) {
    auto tear = sim::rng::derive(seed, name + "#" + std::to_string(incarnation) + "/crash");
    store.crash(&tear);
  }
};

} // namespace detsim::engines
