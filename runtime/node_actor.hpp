// runtime/node_actor.hpp: the base class of every simulated actor. It hands each send
// and each delivery to the world (network model, trace) and gives subclasses their
// node's clock, random stream and durable store.
#pragma once

#include "detsim/runtime/world.hpp"

#include <caf/event_based_actor.hpp>

namespace detsim::engines {
struct node_access;
}

namespace detsim::runtime {

class node_actor : public caf::event_based_actor {
public:
  node_actor(caf::actor_config& cfg, world& w, sim::node_id node);

  void enqueue(caf::mailbox_element_ptr element, caf::execution_unit* unit) override;
  caf::invoke_message_result consume(caf::mailbox_element& element) override;
  /// Runs the actor (its start and its messages) under the world's handler lock, if any.
  resume_result resume(caf::execution_unit* unit, size_t max_throughput) override;

  sim::node_id node() const { return node_; }

protected:
  sim::time_point now() const { return world_.local_now(node_); }
  sim::rng& random() { return random_; }
  double slowdown() const { return world_.slowdown(node_); }
  /// A modelled service time as the engine charges it (zero where real costs are measured).
  sim::duration service_time(sim::duration modelled) const {
    return world_.models_service_times() ? modelled : sim::duration{0};
  }
  sim::durable_store& store() { return world_.store(node_); }
  world& world_ref() { return world_; }

private:
  // The engine reaches the actor's mailbox and CAF state through this, not through
  // anything an actor author sees (engines/node_access.hpp).
  friend struct engines::node_access;

  world& world_;
  sim::node_id node_;
  // The deterministic engine's bookkeeping for this actor is kept here, beside the actor's
  // own state, which is in cache: which start of its node this actor is (beside node_, in
  // what would be padding), the handle of its newest pending request timeout (0: none),
  // its sends routed so far, which key their network draws, and the timers and arrivals
  // its node has made so far, which order those due at one instant.
  std::uint32_t incarnation_ = 0;
  sim::rng random_; ///< kept here for the same reason
  std::uint64_t newest_request_timeout_ = 0;
  std::uint64_t network_sends_ = 0;
  std::uint64_t entries_made_ = 0;
};

} // namespace detsim::runtime
