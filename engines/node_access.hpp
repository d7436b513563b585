// engines/node_access.hpp: the engine's hooks into a node actor (delivery past the
// network, cache warming, stale-timeout checks). node_actor keeps them private and
// befriends only this, so an actor author never sees them.
#pragma once

#include "detsim/runtime/node_actor.hpp"

namespace detsim::engines {

struct node_access {
  /// Puts an element into the actor's mailbox without asking the world.
  static void deliver(runtime::node_actor& actor, caf::mailbox_element_ptr element) {
    actor.deliver(std::move(element), nullptr);
  }
  static void prefetch(runtime::node_actor& actor, int stage) { actor.prefetch(stage); }
  static bool awaits_response(const runtime::node_actor& actor, caf::message_id id) {
    return actor.awaits_response(id);
  }
};

} // namespace detsim::engines
