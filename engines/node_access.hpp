// engines/node_access.hpp: the engine's hands on a node actor: its mailbox (delivery past
// the network, CAF's refusal), cache warming and stale-timeout checks. node_actor
// befriends only this, so none of it is part of what an actor author inherits.
#pragma once

#include "detsim/runtime/node_actor.hpp"

#include <caf/actor_control_block.hpp>

namespace detsim::engines {

struct node_access {
  /// Marks an actor the engine spawned for a node, so the clock finds its node actor
  /// from the actor itself (already in cache) rather than from a table by actor id.
  /// CAF 0.17.6's own flags end at 0x10000000 (abstract_channel) and 0x2000
  /// (abstract_actor); this bit is free.
  static constexpr int engine_node_flag = 0x40000000;
  /// `entries_made` carries on the count of the node's earlier incarnations.
  static void mark_engine_node(runtime::node_actor& actor, std::uint32_t incarnation,
                               std::uint64_t entries_made) {
    actor.setf(engine_node_flag);
    actor.incarnation_ = incarnation;
    actor.entries_made_ = entries_made;
  }
  /// The node actor behind `actor` if the engine spawned it for a node, else null.
  static runtime::node_actor* engine_node(caf::abstract_actor* actor) {
    return actor && actor->getf(engine_node_flag) ? static_cast<runtime::node_actor*>(actor)
                                                  : nullptr;
  }
  /// The actor's control block, computed inline from CAF's layout (CAF's own ctrl() is an
  /// out-of-line call through the PLT, and the engine asks on every timer and delivery).
  static caf::actor_control_block* control_block(const caf::abstract_actor* actor) {
    return caf::actor_control_block::from(actor);
  }
  /// The clock's handle of the actor's newest pending request timeout (0: none).
  static std::uint64_t& newest_request_timeout(runtime::node_actor& actor) {
    return actor.newest_request_timeout_;
  }

  /// How many timers and network arrivals the actor's node has queued so far (all its
  /// incarnations): with the node id, it orders the entries due at one instant.
  static std::uint64_t& entries_made(runtime::node_actor& actor) { return actor.entries_made_; }

  /// The stream that decides the network's fate of the actor's next send (loss, delay,
  /// duplication): its own, keyed by (the run's network seed, node, incarnation, sends so
  /// far). A node's draws never depend on what other nodes sent or in which order nodes
  /// ran, which a multi-threaded engine needs; 8 bytes an actor, no stream kept.
  static sim::rng next_send_stream(runtime::node_actor& actor, std::uint64_t network_seed);

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
