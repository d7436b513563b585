// engines/sim_clock.hpp: CAF's actor_clock on virtual time, plus the engine's network
// deliveries, in one event queue ordered by (due time, making node, that node's count of
// entries made). Replaces CAF's test clock, whose multimaps dominated the cost of large
// runs.
#pragma once

#include <caf/actor_clock.hpp>
#include <caf/group.hpp>
#include <caf/mailbox_element.hpp>
#include <caf/message.hpp>

#include "detsim/engines/event_queue.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

namespace detsim::runtime {
class node_actor;
}

namespace detsim::engines {

class sim_clock final : public caf::actor_clock {
public:
  sim_clock();

  /// Node ids fit in an entry's order beside the node's count (24 and 36 bits); the last
  /// id stands for entries no node made.
  static constexpr std::uint64_t max_nodes = (std::uint64_t{1} << 24) - 1;

  // caf::actor_clock
  time_point now() const noexcept override { return current_; }
  void set_ordinary_timeout(time_point t, caf::abstract_actor* self, caf::atom_value type,
                            uint64_t id) override;
  void set_multi_timeout(time_point t, caf::abstract_actor* self, caf::atom_value type,
                         uint64_t id) override;
  void set_request_timeout(time_point t, caf::abstract_actor* self,
                           caf::message_id id) override;
  void cancel_ordinary_timeout(caf::abstract_actor* self, caf::atom_value type) override;
  void cancel_request_timeout(caf::abstract_actor* self, caf::message_id id) override;
  void cancel_timeouts(caf::abstract_actor* self) override;
  void schedule_message(time_point t, caf::strong_actor_ptr receiver,
                        caf::mailbox_element_ptr content) override;
  void schedule_message(time_point t, caf::group target, caf::strong_actor_ptr sender,
                        caf::message content) override;
  void cancel_all() override;

  /// Who takes a network delivery when it arrives (the engine: into a live actor's
  /// mailbox, or lost or refused at a terminated one).
  using arrival_handler =
    std::function<void(runtime::node_actor& target, caf::mailbox_element_ptr& element)>;
  void on_arrival(arrival_handler handler) { on_arrival_ = std::move(handler); }

  /// A network delivery: put `content` into `target`'s mailbox at `t`, past the network.
  void schedule_delivery(time_point t, runtime::node_actor& target,
                         caf::mailbox_element_ptr content);

  bool empty() const { return queue_.empty(); }
  /// Due time of the earliest pending entry (the queue must not be empty).
  time_point next_due() { return time_point{duration_type{queue_.top().due}}; }

  /// `self` is consuming the response (or timeout) `response_id`: a pending timeout
  /// for it is void. Dropping it now, while `self` is in cache, saves touching the
  /// actor again when the timeout would have come due.
  void response_consumed(caf::abstract_actor* self, caf::message_id response_id);
  /// The node actor on whose behalf entries are made from now on (the engine's running
  /// actor, or the target of the entry firing), or null. Entries due at one instant are
  /// ordered by their maker's node and count, not by when they were queued, so the order
  /// does not depend on how the run interleaved its nodes.
  void set_maker(runtime::node_actor* maker) { maker_ = maker; }
  runtime::node_actor* maker() const { return maker_; }
  /// The order word of the entry firing now (what a split run tags its effects with).
  std::uint64_t firing_order() const { return firing_order_; }

  enum class kind : std::uint8_t {
    ordinary,
    multi,
    request,
    message,
    group_message,
    delivery,
    cancelled
  };

  /// One pending timer or message, held inline in the queue (40 bytes) so that firing
  /// it reads no other memory. It owns one reference to `actor` and owns `content`.
  struct entry {
    std::int64_t due;
    std::uint64_t order; ///< (maker node << 36 | maker's count) << 4 | kind; unique
    caf::actor_control_block* actor; ///< self, receiver or target; null when cancelled
    std::uint64_t first;  ///< mailbox_element* | group_send* | response id | timeout type
    std::uint64_t second; ///< timeout id | node_actor* of a message or delivery (prefetching)
    kind what() const { return static_cast<kind>(order & 15); }
    bool dead() const { return what() == kind::cancelled; }
    bool before(const entry& other) const {
      return due != other.due ? due < other.due : order < other.order;
    }
  };

  /// A network delivery made now, by this clock's maker, for another clock: a split run
  /// queues it on the target's group's clock when that group starts its next window.
  /// Until queued there, the entry owns its references.
  entry make_delivery(time_point t, runtime::node_actor& target, caf::mailbox_element_ptr content);
  void queue_delivery(const entry& e) { queue_.push(e); }
  /// Releases what an entry owns without firing it.
  static void dispose(entry& e);

  /// Moves the time forward without firing anything (faults act first).
  void set_now(time_point t) {
    if (t > current_)
      current_ = t;
  }
  /// Sets the time; then fires every entry due by then, in order.
  void advance_to(time_point t);
  /// Drops every entry without firing it.
  void clear();

private:
  /// A delayed group message; rare, so kept behind a pointer.
  struct group_send {
    caf::group target;
    caf::strong_actor_ptr sender;
    caf::message content;
  };

  /// The next entry's place among those due at the same instant (see `entry::order`).
  std::uint64_t next_order();
  entry make_entry(time_point t, kind what, caf::strong_actor_ptr actor,
                   std::uint64_t first = 0, std::uint64_t second = 0);
  event_queue<entry>::handle add_timer(time_point t, entry e);
  /// A lane dropped cancelled timers and moved a pending request timeout: its handle
  /// changes from `from` to `to`.
  void request_moved(const entry& e, event_queue<entry>::handle from,
                     event_queue<entry>::handle to);
  void fire(entry& e);
  void fire_entry(entry& e, caf::strong_actor_ptr& actor, caf::abstract_actor* self);
  void fire_request(entry& e, caf::strong_actor_ptr self);
  bool is_request_of(event_queue<entry>::handle h, const caf::abstract_actor* self,
                     std::uint64_t response_id);

  using timer_key = std::pair<caf::actor_id, std::uint64_t>;
  struct timer_key_hash {
    std::size_t operator()(const timer_key& k) const {
      return std::hash<std::uint64_t>{}(k.first * 0x9e3779b97f4a7c15ULL ^ k.second);
    }
  };
  static timer_key key(const caf::abstract_actor* self, std::uint64_t discriminator) {
    return {self->id(), discriminator};
  }

  time_point current_;
  arrival_handler on_arrival_;
  runtime::node_actor* maker_ = nullptr;
  std::uint64_t made_by_no_node_ = 0;
  std::uint64_t firing_order_ = 0;
  event_queue<entry> queue_;
  // Lookups only (never iterated): the sequence number of the live ordinary timeout of
  // each (actor, type); an entry with another number was cancelled or replaced.
  std::unordered_map<timer_key, std::uint64_t, timer_key_hash> ordinary_;
  // Pending request timeouts, found again when the response is consumed: the queue
  // handle of a node actor's newest one is kept in the actor (node_access), the rare
  // older ones, and those of other actors, in a map.
  std::unordered_map<timer_key, event_queue<entry>::handle, timer_key_hash> older_requests_;
};

} // namespace detsim::engines
