// engines/sim_clock.cpp: timers and deliveries on virtual time, with the same effects
// CAF's own clock has when a timer fires.
#include "detsim/engines/sim_clock.hpp"

#include "detsim/engines/node_access.hpp"
#include "detsim/runtime/node_actor.hpp"

#include <caf/abstract_group.hpp>
#include <caf/sec.hpp>
#include <caf/system_messages.hpp>

namespace detsim::engines {

namespace {

template <class T>
std::uint64_t as_bits(T* pointer) {
  return reinterpret_cast<std::uintptr_t>(pointer);
}

template <class T>
T* as_pointer(std::uint64_t bits) {
  return reinterpret_cast<T*>(static_cast<std::uintptr_t>(bits));
}

} // namespace

sim_clock::sim_clock() : current_(duration_type{1}) {}

std::uint64_t sim_clock::next_order() {
  constexpr int count_bits = 36;
  constexpr std::uint64_t count_mask = (std::uint64_t{1} << count_bits) - 1;
  if (!maker_)
    return max_nodes << count_bits | (made_by_no_node_++ & count_mask);
  auto& made = node_access::entries_made(*maker_);
  return std::uint64_t{maker_->node()} << count_bits | (made++ & count_mask);
}

sim_clock::entry sim_clock::make_entry(time_point t, kind what, caf::strong_actor_ptr actor,
                                       std::uint64_t first, std::uint64_t second) {
  entry e;
  e.due = t.time_since_epoch().count();
  e.order = next_order() << 4 | static_cast<std::uint64_t>(what);
  e.actor = actor.release(); // the entry keeps the reference
  e.first = first;
  e.second = second;
  return e;
}

event_queue<sim_clock::entry>::handle sim_clock::add_timer(time_point t, entry e) {
  return queue_.push_after(e, (t - current_).count(),
                           [this](const entry& moved, event_queue<entry>::handle from,
                                  event_queue<entry>::handle to) {
                             if (moved.what() == kind::request)
                               request_moved(moved, from, to);
                           });
}

void sim_clock::request_moved(const entry& e, event_queue<entry>::handle from,
                              event_queue<entry>::handle to) {
  if (auto* node = node_access::engine_node(e.actor->get())) {
    if (auto& newest = node_access::newest_request_timeout(*node); newest == from) {
      newest = to;
      return;
    }
  }
  if (auto i = older_requests_.find({e.actor->id(), e.first});
      i != older_requests_.end() && i->second == from)
    i->second = to;
}

void sim_clock::set_ordinary_timeout(time_point t, caf::abstract_actor* self,
                                     caf::atom_value type, uint64_t id) {
  // A newer timeout of the same type replaces the pending one, as in CAF's clock.
  auto e = make_entry(t, kind::ordinary, node_access::control_block(self), static_cast<std::uint64_t>(type), id);
  ordinary_[key(self, static_cast<std::uint64_t>(type))] = e.order >> 4;
  add_timer(t, e);
}

void sim_clock::set_multi_timeout(time_point t, caf::abstract_actor* self,
                                  caf::atom_value type, uint64_t id) {
  add_timer(t, make_entry(t, kind::multi, node_access::control_block(self), static_cast<std::uint64_t>(type), id));
}

void sim_clock::set_request_timeout(time_point t, caf::abstract_actor* self,
                                    caf::message_id id) {
  auto response_id = id.integer_value();
  auto handle = add_timer(t, make_entry(t, kind::request, node_access::control_block(self), response_id));
  if (handle == 0)
    return; // not in a lane: when it comes due, the actor is asked (see fire_request)
  auto* node = node_access::engine_node(self);
  if (!node) {
    older_requests_[key(self, response_id)] = handle;
    return;
  }
  auto& newest = node_access::newest_request_timeout(*node);
  if (auto* older = queue_.find(newest);
      older && is_request_of(newest, self, older->first))
    older_requests_[key(self, older->first)] = newest;
  newest = handle;
}

bool sim_clock::is_request_of(event_queue<entry>::handle h, const caf::abstract_actor* self,
                              std::uint64_t response_id) {
  auto* e = queue_.find(h);
  return e && e->what() == kind::request && e->first == response_id &&
         e->actor == node_access::control_block(self);
}

void sim_clock::response_consumed(caf::abstract_actor* self, caf::message_id response_id) {
  auto rid = response_id.integer_value();
  auto cancel = [this](event_queue<entry>::handle h) {
    auto* e = queue_.find(h);
    e->order = (e->order & ~std::uint64_t{15}) | static_cast<std::uint64_t>(kind::cancelled);
    intrusive_ptr_release(e->actor); // now, while the actor is in cache
    e->actor = nullptr;
  };
  if (auto* node = node_access::engine_node(self)) {
    auto& newest = node_access::newest_request_timeout(*node);
    if (is_request_of(newest, self, rid)) {
      cancel(newest);
      newest = 0;
      return;
    }
  }
  if (older_requests_.empty())
    return;
  auto i = older_requests_.find(key(self, rid));
  if (i == older_requests_.end())
    return;
  if (is_request_of(i->second, self, rid))
    cancel(i->second);
  older_requests_.erase(i);
}

void sim_clock::cancel_ordinary_timeout(caf::abstract_actor* self, caf::atom_value type) {
  if (!ordinary_.empty())
    ordinary_.erase(key(self, static_cast<std::uint64_t>(type)));
}

void sim_clock::cancel_request_timeout(caf::abstract_actor*, caf::message_id) {
  // CAF 0.17.6 never calls this: an answered request's timeout still fires and the
  // actor drops it as stale. Ignoring a cancellation would be just as safe.
}

void sim_clock::cancel_timeouts(caf::abstract_actor*) {
  // Entries of a terminated actor are skipped when they come due (see fire).
}

void sim_clock::schedule_message(time_point t, caf::strong_actor_ptr receiver,
                                 caf::mailbox_element_ptr content) {
  // Usually a timer an actor sets for itself, so reading the receiver is cheap now.
  auto* node = receiver ? node_access::engine_node(receiver->get()) : nullptr;
  add_timer(t, make_entry(t, kind::message, std::move(receiver), as_bits(content.release()),
                          as_bits(node)));
}

void sim_clock::schedule_message(time_point t, caf::group target, caf::strong_actor_ptr sender,
                                 caf::message content) {
  auto* send = new group_send{std::move(target), std::move(sender), std::move(content)};
  add_timer(t, make_entry(t, kind::group_message, nullptr, as_bits(send)));
}

sim_clock::entry sim_clock::make_delivery(time_point t, runtime::node_actor& target,
                                          caf::mailbox_element_ptr content) {
  return make_entry(t, kind::delivery, node_access::control_block(&target),
                    as_bits(content.release()), as_bits(&target));
}

void sim_clock::schedule_delivery(time_point t, runtime::node_actor& target,
                                  caf::mailbox_element_ptr content) {
  // Network delays vary message by message: the calendar, not a lane.
  queue_.push(make_delivery(t, target, std::move(content)));
}

void sim_clock::fire(entry& e) {
  caf::strong_actor_ptr actor{e.actor, false}; // adopts the entry's reference
  // A cancelled entry has no actor; actor_cast would call through a null pointer.
  auto* self = actor ? caf::actor_cast<caf::abstract_actor*>(actor) : nullptr;
  // What firing queues (a refusal's error on its way back) is the target node's making.
  auto* maker = maker_;
  maker_ = node_access::engine_node(self);
  fire_entry(e, actor, self);
  maker_ = maker;
}

void sim_clock::fire_entry(entry& e, caf::strong_actor_ptr& actor, caf::abstract_actor* self) {
  switch (e.what()) {
    case kind::ordinary: {
      auto i = ordinary_.find(key(self, e.first));
      if (i == ordinary_.end() || i->second != e.order >> 4)
        break; // cancelled or replaced by a newer one
      ordinary_.erase(i);
      if (!self->getf(caf::abstract_actor::is_terminated_flag))
        self->eq_impl(caf::make_message_id(), actor, nullptr,
                      caf::timeout_msg{static_cast<caf::atom_value>(e.first), e.second});
      break;
    }
    case kind::multi:
      if (!self->getf(caf::abstract_actor::is_terminated_flag))
        self->eq_impl(caf::make_message_id(), actor, nullptr,
                      caf::timeout_msg{static_cast<caf::atom_value>(e.first), e.second});
      break;
    case kind::request:
      fire_request(e, std::move(actor));
      break;
    case kind::message:
      self->enqueue(caf::mailbox_element_ptr{as_pointer<caf::mailbox_element>(e.first)},
                    nullptr);
      break;
    case kind::group_message: {
      std::unique_ptr<group_send> send{as_pointer<group_send>(e.first)};
      send->target->eq_impl(caf::make_message_id(), std::move(send->sender), nullptr,
                            std::move(send->content));
      break;
    }
    case kind::delivery: {
      caf::mailbox_element_ptr element{as_pointer<caf::mailbox_element>(e.first)};
      // The engine reads the sender's id when this is consumed, a few steps from now.
      __builtin_prefetch(element->sender.get());
      on_arrival_(*static_cast<runtime::node_actor*>(self), element);
      break;
    }
    case kind::cancelled:
      break;
  }
}

void sim_clock::fire_request(entry& e, caf::strong_actor_ptr actor) {
  auto* self = caf::actor_cast<caf::abstract_actor*>(actor);
  if (!older_requests_.empty())
    older_requests_.erase(key(self, e.first));
  caf::message_id response_id{e.first};
  if (auto* node = node_access::engine_node(self); node && !node_access::awaits_response(*node, response_id))
    return; // answered already: CAF would drop this timeout unseen
  if (!self->getf(caf::abstract_actor::is_terminated_flag))
    self->eq_impl(response_id, actor, nullptr, caf::make_error(caf::sec::request_timeout));
}

void sim_clock::dispose(entry& e) {
  if (e.actor)
    intrusive_ptr_release(e.actor);
  switch (e.what()) {
    case kind::message:
    case kind::delivery:
      caf::mailbox_element_ptr{as_pointer<caf::mailbox_element>(e.first)}.reset();
      break;
    case kind::group_message:
      delete as_pointer<group_send>(e.first);
      break;
    default:
      break;
  }
}

void sim_clock::advance_to(time_point t) {
  if (t > current_)
    current_ = t;
  const auto now = current_.time_since_epoch().count();
  while (!queue_.empty() && queue_.top().due <= now) {
    auto e = queue_.take();
    // The next entries of the same lane or calendar bucket are due soon: warm their
    // actors in stages, each stage two entries after the one before.
    // The message itself goes along: the engine reads its type and its sender's id.
    queue_.for_next_after_take(5, [this](const entry& next, std::size_t k) {
      if (k % 2 != 0 || (next.what() != kind::message && next.what() != kind::delivery) ||
          next.second == 0)
        return;
      auto stage = 2 - static_cast<int>(k / 2);
      auto& target = *as_pointer<runtime::node_actor>(next.second);
      node_access::prefetch(target, stage);
      auto* element = as_pointer<caf::mailbox_element>(next.first);
      if (stage == 0) {
        __builtin_prefetch(element);
      } else if (stage == 1) {
        __builtin_prefetch(element->sender.get());
        // A response cancels the request's timeout entry, somewhere in a lane that holds
        // every request of the last timeout's length (millions at 1 M agents).
        if (next.what() == kind::delivery)
          if (auto* pending = queue_.find(node_access::newest_request_timeout(target)))
            __builtin_prefetch(pending);
      }
    });
    firing_order_ = e.order;
    fire(e);
  }
}

void sim_clock::clear() {
  queue_.for_each([](entry& e) { dispose(e); });
  queue_.clear();
  ordinary_.clear();
  older_requests_.clear(); // actors' newest handles go stale: is_request_of checks them
}

void sim_clock::cancel_all() {
  clear();
}

} // namespace detsim::engines
