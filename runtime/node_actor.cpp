// runtime/node_actor.cpp: routes sends and deliveries through the world.
#include "detsim/runtime/node_actor.hpp"

namespace detsim::runtime {

node_actor::node_actor(caf::actor_config& cfg, world& w, sim::node_id node)
  : caf::event_based_actor(cfg), world_(w), node_(node), random_(w.random_stream(node)) {}

void node_actor::enqueue(caf::mailbox_element_ptr element, caf::execution_unit* unit) {
  if (world_.intercept_send(*this, element))
    return;
  deliver(std::move(element), unit);
}

void node_actor::deliver(caf::mailbox_element_ptr element, caf::execution_unit* unit) {
  // What caf::scheduled_actor::enqueue does, minus its logging and the copy of the
  // sender it keeps for bouncing: two atomic operations on every message. A closed
  // mailbox (the actor has terminated) takes CAF's own path, which bounces requests.
  if (mailbox().closed()) {
    if (world_.lost_at_dead_node(*this, element))
      return;
    return caf::event_based_actor::enqueue(std::move(element), unit);
  }
  if (mailbox().push_back(std::move(element)) != caf::intrusive::inbox_result::unblocked_reader)
    return; // already waiting to run
  intrusive_ptr_add_ref(ctrl()); // the scheduler's reference while the actor is ready
  if (unit)
    unit->exec_later(this);
  else
    home_system().scheduler().enqueue(this);
}

caf::invoke_message_result node_actor::consume(caf::mailbox_element& element) {
  world_.before_consume(*this, element);
  return caf::event_based_actor::consume(element);
}

void node_actor::prefetch(int stage) {
  // About the size of a small node actor (CAF's part is ~1 KB); lines past the end of
  // a smaller one cost a little bandwidth, lines of a bigger one are left to chance.
  constexpr std::size_t hot_bytes = 1216;
  switch (stage) {
    case 0: {
      __builtin_prefetch(ctrl());
      const auto* self = reinterpret_cast<const char*>(this);
      for (std::size_t offset = 0; offset < hot_bytes; offset += 64)
        __builtin_prefetch(self + offset);
      break;
    }
    case 1:
      if (!bhvr_stack_.empty())
        __builtin_prefetch(&bhvr_stack_.back());
      if (!awaited_responses_.empty())
        __builtin_prefetch(&awaited_responses_.front());
      break;
    default:
      if (!bhvr_stack_.empty())
        __builtin_prefetch(bhvr_stack_.back().as_behavior_impl().get());
      break;
  }
}

bool node_actor::awaits_response(caf::message_id response_id) const {
  if (multiplexed_responses_.count(response_id) != 0)
    return true;
  for (const auto& pending : awaited_responses_)
    if (pending.first == response_id)
      return true;
  return false;
}

} // namespace detsim::runtime
