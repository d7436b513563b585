// engines/sim_clock.cpp: timers and deliveries on virtual time, with the same effects
// CAF's own clock has when a timer fires.
#include "engines/sim_clock.hpp"

#include "actors/node_actor.hpp"

#include <caf/abstract_group.hpp>
#include <caf/sec.hpp>
#include <caf/system_messages.hpp>

#include <stdexcept>

namespace engines {

sim_clock::sim_clock() : current_(duration_type{1}) {}

std::uint32_t sim_clock::add(time_point t, entry e) {
  // The slot index shares the heap key with the sequence number: 24 bits, 16 M pending.
  if (free_.empty() && entries_.size() >= (1u << 24))
    throw std::length_error("more than 16 million timers and messages pending at once");
  std::uint32_t index;
  if (!free_.empty()) {
    index = free_.back();
    free_.pop_back();
    entries_[index] = std::move(e);
  } else {
    index = static_cast<std::uint32_t>(entries_.size());
    entries_.push_back(std::move(e));
  }
  heap_.push({t.time_since_epoch().count(), (next_sequence_++ << 24) | index});
  return index;
}

void sim_clock::set_ordinary_timeout(time_point t, caf::abstract_actor* self,
                                     caf::atom_value type, uint64_t id) {
  // A newer timeout of the same type replaces the pending one, as in CAF's clock.
  cancel_ordinary_timeout(self, type);
  entry e;
  e.what = kind::ordinary;
  e.type = type;
  e.id = id;
  e.actor = self->ctrl();
  ordinary_[key(self, static_cast<std::uint64_t>(type))] = add(t, std::move(e));
}

void sim_clock::set_multi_timeout(time_point t, caf::abstract_actor* self,
                                  caf::atom_value type, uint64_t id) {
  entry e;
  e.what = kind::multi;
  e.type = type;
  e.id = id;
  e.actor = self->ctrl();
  add(t, std::move(e));
}

void sim_clock::set_request_timeout(time_point t, caf::abstract_actor* self,
                                    caf::message_id id) {
  entry e;
  e.what = kind::request;
  e.id = id.integer_value();
  e.actor = self->ctrl();
  add(t, std::move(e));
}

void sim_clock::cancel_ordinary_timeout(caf::abstract_actor* self, caf::atom_value type) {
  if (ordinary_.empty())
    return;
  auto i = ordinary_.find(key(self, static_cast<std::uint64_t>(type)));
  if (i == ordinary_.end())
    return;
  entries_[i->second].cancelled = true;
  ordinary_.erase(i);
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
  entry e;
  e.what = kind::message;
  e.actor = std::move(receiver);
  e.content = std::move(content);
  add(t, std::move(e));
}

void sim_clock::schedule_message(time_point t, caf::group target, caf::strong_actor_ptr sender,
                                 caf::message content) {
  entry e;
  e.what = kind::group_message;
  e.group.reset(new group_send{std::move(target), std::move(sender), std::move(content)});
  add(t, std::move(e));
}

void sim_clock::schedule_delivery(time_point t, caf::strong_actor_ptr target,
                                  caf::mailbox_element_ptr content) {
  entry e;
  e.what = kind::delivery;
  e.actor = std::move(target);
  e.content = std::move(content);
  add(t, std::move(e));
}

void sim_clock::fire(entry& e) {
  auto* self = caf::actor_cast<caf::abstract_actor*>(e.actor);
  switch (e.what) {
    case kind::ordinary:
    case kind::multi:
      if (e.what == kind::ordinary)
        ordinary_.erase(key(self, static_cast<std::uint64_t>(e.type)));
      if (!self->getf(caf::abstract_actor::is_terminated_flag))
        self->eq_impl(caf::make_message_id(), e.actor, nullptr, caf::timeout_msg{e.type, e.id});
      break;
    case kind::request:
      if (auto* node = node_actor_of(self);
          node && !node->awaits_response(caf::message_id{e.id}))
        break; // answered already: CAF would drop this timeout unseen
      if (!self->getf(caf::abstract_actor::is_terminated_flag))
        self->eq_impl(caf::message_id{e.id}, e.actor, nullptr,
                      caf::make_error(caf::sec::request_timeout));
      break;
    case kind::message:
      self->enqueue(std::move(e.content), nullptr);
      break;
    case kind::group_message:
      e.group->target->eq_impl(caf::make_message_id(), std::move(e.group->sender), nullptr,
                               std::move(e.group->content));
      break;
    case kind::delivery:
      static_cast<actors::node_actor*>(self)->deliver(std::move(e.content), nullptr);
      break;
  }
}

void sim_clock::add_node_actor(caf::actor_id id, actors::node_actor* actor) {
  if (id >= node_actors_.size())
    node_actors_.resize(id + 1024, nullptr);
  node_actors_[id] = actor;
}

actors::node_actor* sim_clock::node_actor_of(caf::abstract_actor* self) const {
  auto id = self->id();
  if (id >= node_actors_.size())
    return nullptr;
  auto* node = node_actors_[id];
  return static_cast<caf::abstract_actor*>(node) == self ? node : nullptr;
}

void sim_clock::advance_to(time_point t) {
  if (t > current_)
    current_ = t;
  const auto now = current_.time_since_epoch().count();
  while (!heap_.empty() && heap_.top().due <= now) {
    auto index = static_cast<std::uint32_t>(heap_.top().order & 0xFFFFFF);
    heap_.pop();
    entry e = std::move(entries_[index]);
    entries_[index] = entry{};
    free_.push_back(index);
    if (!e.cancelled)
      fire(e);
  }
}

void sim_clock::clear() {
  heap_.clear();
  entries_.clear();
  free_.clear();
  ordinary_.clear();
}

void sim_clock::cancel_all() {
  clear();
}

} // namespace engines
