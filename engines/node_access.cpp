// engines/node_access.cpp: delivery into a node actor's mailbox the way CAF's enqueue does
// it (minus its logging and sender copy), and reads of CAF's state for cache warming and
// stale timeouts.
#include "detsim/engines/node_access.hpp"

namespace detsim::engines {

sim::rng node_access::next_send_stream(runtime::node_actor& actor, std::uint64_t network_seed) {
  auto key = network_seed ^ (std::uint64_t{actor.node_} << 32 | actor.incarnation_);
  return sim::rng{sim::splitmix64(key) ^ actor.network_sends_++};
}

bool node_access::push(runtime::node_actor& actor, caf::mailbox_element_ptr& element,
                       caf::execution_unit* unit) {
  // What caf::scheduled_actor::enqueue does, minus its logging and the copy of the
  // sender it keeps for bouncing: two atomic operations on every message.
  if (actor.mailbox().closed())
    return false;
  if (actor.mailbox().push_back(std::move(element)) !=
      caf::intrusive::inbox_result::unblocked_reader)
    return true; // already waiting to run
  intrusive_ptr_add_ref(control_block(&actor)); // the scheduler's reference while the actor is ready
  if (unit)
    unit->exec_later(&actor);
  else
    actor.home_system().scheduler().enqueue(&actor);
  return true;
}

void node_access::refuse(runtime::node_actor& actor, caf::mailbox_element_ptr element,
                         caf::execution_unit* unit) {
  actor.caf::event_based_actor::enqueue(std::move(element), unit); // bounces requests
}

void node_access::prefetch(runtime::node_actor& actor, int stage) {
  // About the size of a small node actor (CAF's part is ~1 KB); lines past the end of
  // a smaller one cost a little bandwidth, lines of a bigger one are left to chance.
  constexpr std::size_t hot_bytes = 1216;
  switch (stage) {
    case 0: {
      __builtin_prefetch(control_block(&actor));
      const auto* self = reinterpret_cast<const char*>(&actor);
      for (std::size_t offset = 0; offset < hot_bytes; offset += 64)
        __builtin_prefetch(self + offset);
      break;
    }
    case 1:
      if (!actor.bhvr_stack_.empty())
        __builtin_prefetch(&actor.bhvr_stack_.back());
      if (!actor.awaited_responses_.empty())
        __builtin_prefetch(&actor.awaited_responses_.front());
      break;
    default:
      if (!actor.bhvr_stack_.empty())
        __builtin_prefetch(actor.bhvr_stack_.back().as_behavior_impl().get());
      break;
  }
}

bool node_access::awaits_response(const runtime::node_actor& actor,
                                  caf::message_id response_id) {
  if (actor.multiplexed_responses_.count(response_id) != 0)
    return true;
  for (const auto& pending : actor.awaited_responses_)
    if (pending.first == response_id)
      return true;
  return false;
}

} // namespace detsim::engines
