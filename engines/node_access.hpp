// engines/node_access.hpp: the engine's hands on a node actor: its mailbox (delivery past
// the network, CAF's refusal), cache warming and stale-timeout checks. node_actor
// befriends only this, so none of it is part of what an actor author inherits.
#pragma once

#include "detsim/runtime/node_actor.hpp"

namespace detsim::engines {

struct node_access {
  /// Puts an element into a live actor's mailbox and makes the actor ready. Returns false,
  /// leaving `element` as it was, when the actor has terminated (its mailbox is closed).
  static bool push(runtime::node_actor& actor, caf::mailbox_element_ptr& element,
                   caf::execution_unit* unit);
  /// What CAF does with a message for a terminated actor: a request's sender gets an
  /// error (the node refuses it).
  static void refuse(runtime::node_actor& actor, caf::mailbox_element_ptr element,
                     caf::execution_unit* unit);
  /// Warms the cache ahead of a delivery the engine knows is coming; it changes nothing
  /// the actor does. Stage 0 fetches the actor's own lines, stage 1 its behavior stack
  /// and response list, stage 2 the current behavior; each stage reads only lines the
  /// stage before fetched, so the engine issues them a few events apart.
  static void prefetch(runtime::node_actor& actor, int stage);
  /// True while a response with this id is still awaited (a request timeout for an
  /// answered request is stale and need not be delivered).
  static bool awaits_response(const runtime::node_actor& actor, caf::message_id response_id);
};

} // namespace detsim::engines
