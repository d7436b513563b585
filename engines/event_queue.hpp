// engines/event_queue.hpp: the engine's queue of timers and network arrivals, ordered by
// (due time, insertion order); ties in due time pop in insertion order, which
// determinism needs. Three stores share the ordering:
// - lanes: timers of one fixed delay (an agent's tick, a request timeout) come in due
//   order, so each delay gets a FIFO ring; up to `lane_count` delays at a time;
// - a calendar of 1.024 us buckets over the next 8.4 ms: pushes append to their bucket
//   and the bucket under the cursor is kept sorted, so pops are O(1); a bitmap of
//   occupied buckets lets the cursor jump over empty ones (sparse runs) and clear()
//   touch only what holds items;
// - a 4-ary heap for the rare items beyond the calendar's window.
#pragma once

#include "detsim/engines/fifo_lane.hpp"
#include "detsim/sim/assert.hpp"
#include "detsim/engines/timer_heap.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <vector>

namespace detsim::engines {

/// Item needs `std::int64_t due`, `std::uint64_t order`, `bool before(const Item&)` and
/// `bool dead() const` (a cancelled item: firing it would do nothing, so a lane may drop
/// it early instead of growing).
template <class Item>
class event_queue {
public:
  using item = Item;
  static constexpr std::size_t lane_count = 8;
  static constexpr int lane_bits = 4; ///< a handle's low bits name the lane
  static_assert(lane_count <= (1u << lane_bits), "a handle's lane bits must name every lane");

  /// Where push_after put an item: lane number and position, or none (0).
  using handle = std::uint64_t;

  event_queue() : buckets_(bucket_count) {}

  bool empty() const { return in_wheel_ == 0 && overflow_.empty() && in_lanes_ == 0; }

  /// Queues an item of any due time.
  void push(const item& x) {
    top_valid_ = false;
    auto bucket = x.due >> bucket_bits;
    if (bucket < cursor_ || bucket - cursor_ >= bucket_count) {
      overflow_.push(x);
      return;
    }
    auto& items = buckets_[bucket & bucket_mask];
    if (items.capacity() == 0 && !spare_.empty()) {
      items.swap(spare_.back());
      spare_.pop_back();
    }
    ++in_wheel_;
    mark_occupied(bucket & bucket_mask);
    if (bucket == cursor_ && sorted_) {
      // Keep the current bucket sorted, earliest last.
      auto at = std::upper_bound(items.begin(), items.end(), x, later_first);
      items.insert(at, x);
      return;
    }
    items.push_back(x);
  }

  /// Queues an item due `delay` after the current time; items of one delay share a
  /// lane. Returns a handle for find(), or 0 when the item went elsewhere. A full lane
  /// drops its dead items first when they are a quarter of it or more: a long request
  /// timeout answered early would otherwise hold its slot until due (at 1 M agents, 50 ms
  /// timeouts and 100 requests a second each, 5 M slots). `moved(item, old, new)` is
  /// called with the old and new handle of every live item that moved.
  template <class Moved>
  handle push_after(const item& x, std::int64_t delay, Moved&& moved) {
    top_valid_ = false;
    auto* lane = lane_for(delay);
    if (!lane || (!lane->items.empty() && x.before(lane->items.back()))) {
      push(x);
      return 0;
    }
    auto number = static_cast<std::uint64_t>(lane - lanes_.data());
    if (lane->items.full() && lane->items.size() >= 64)
      drop_dead(lane->items, number, moved);
    ++in_lanes_;
    return handle_of(lane->items.push(x), number);
  }

  handle push_after(const item& x, std::int64_t delay) {
    return push_after(x, delay, [](const item&, handle, handle) {});
  }

  /// The item a push_after handle names, while it is still queued.
  item* find(handle h) {
    if (h == 0)
      return nullptr;
    --h;
    return lanes_[h & ((1u << lane_bits) - 1)].items.find(h >> lane_bits);
  }

  /// The earliest item; the queue must not be empty.
  const item& top() {
    if (top_valid_)
      return *top_;
    const item* best = nullptr;
    from_lane_ = -1;
    for (std::size_t i = 0; i < lanes_used_; ++i) {
      auto& lane = lanes_[i].items;
      if (!lane.empty() && (!best || lane.front().before(*best))) {
        best = &lane.front();
        from_lane_ = static_cast<int>(i);
      }
    }
    // The calendar's cursor must not run past the earliest lane item: pushes due
    // before the cursor would all have to go to the heap.
    auto limit = best ? best->due >> bucket_bits : std::numeric_limits<std::int64_t>::max();
    if (auto* earliest = calendar_min(limit); earliest && (!best || earliest->before(*best))) {
      best = earliest;
      from_lane_ = -1;
    }
    DETSIM_ASSERT(best != nullptr); // top() of an empty queue
    top_ = best;
    top_valid_ = true;
    return *best;
  }

  /// Removes and returns the earliest item; the queue must not be empty.
  item take() {
    item x = top();
    top_valid_ = false;
    last_lane_ = from_lane_;
    last_from_wheel_ = from_lane_ < 0 && wheel_holds_min_;
    if (from_lane_ >= 0) {
      lanes_[static_cast<std::size_t>(from_lane_)].items.pop();
      --in_lanes_;
    } else if (wheel_holds_min_) {
      auto& bucket = buckets_[cursor_ & bucket_mask];
      bucket.pop_back(); // the sorted bucket's back
      if (bucket.empty()) {
        occupied_[static_cast<std::size_t>((cursor_ & bucket_mask) >> 6)] &=
          ~(std::uint64_t{1} << (cursor_ & 63));
        spare_.push_back(std::move(bucket)); // leaves `bucket` without storage
      }
      --in_wheel_;
    } else {
      overflow_.pop();
    }
    return x;
  }

  /// Calls f(item, k) for up to `count` items (k = 0: next) queued right behind the one
  /// the last take() returned in the store it came from: its lane, or its calendar
  /// bucket (sorted). Those are due soonest after it.
  template <class F>
  void for_next_after_take(std::size_t count, F&& f) {
    if (last_lane_ >= 0) {
      auto& lane = lanes_[static_cast<std::size_t>(last_lane_)].items;
      for (std::size_t k = 0; k < count && k < lane.size(); ++k)
        f(lane.at(k), k);
      return;
    }
    if (!last_from_wheel_ || !sorted_)
      return;
    const auto& bucket = buckets_[cursor_ & bucket_mask];
    for (std::size_t k = 0; k < count && k < bucket.size(); ++k)
      f(bucket[bucket.size() - 1 - k], k);
  }

  /// Visits every queued item (in no particular order).
  template <class F>
  void for_each(F&& f) {
    for_each_occupied([&](std::vector<item>& bucket) {
      for (auto& x : bucket)
        f(x);
    });
    overflow_.for_each(f);
    for (auto& lane : lanes_)
      lane.items.for_each(f);
  }

  /// Items the calendar has storage for (its buckets' and the spare buffers'), to check
  /// that only buckets in use keep any.
  std::size_t calendar_capacity() const {
    std::size_t total = 0;
    for (const auto& bucket : buckets_)
      total += bucket.capacity();
    for (const auto& buffer : spare_)
      total += buffer.capacity();
    return total;
  }

  void clear() {
    for_each_occupied([](std::vector<item>& bucket) { bucket.clear(); });
    occupied_.fill(0);
    overflow_.clear();
    for (auto& lane : lanes_)
      lane.items.clear();
    in_wheel_ = 0;
    in_lanes_ = 0;
    sorted_ = false;
    top_valid_ = false;
  }

private:
  static constexpr int bucket_bits = 10;
  static constexpr std::int64_t bucket_count = 1 << 13;
  static constexpr std::int64_t bucket_mask = bucket_count - 1;

  struct lane {
    std::int64_t delay = 0;
    fifo_lane<item> items;
  };

  static bool later_first(const item& a, const item& b) { return b.before(a); }

  static handle handle_of(std::uint64_t position, std::uint64_t lane) {
    return (position << lane_bits | lane) + 1;
  }

  template <class Moved>
  void drop_dead(fifo_lane<item>& items, std::uint64_t lane, Moved& moved) {
    std::size_t dead = 0;
    items.for_each([&](const item& x) { dead += x.dead(); });
    if (dead * 4 < items.size())
      return; // mostly live: growing is cheaper than compacting again soon
    in_lanes_ -= items.compact([](const item& x) { return x.dead(); },
                               [&](const item& x, std::uint64_t from, std::uint64_t to) {
                                 moved(x, handle_of(from, lane), handle_of(to, lane));
                               });
  }

  /// The lane for `delay`: its own, else an idle one taken over, else none.
  lane* lane_for(std::int64_t delay) {
    lane* idle = nullptr;
    for (std::size_t i = 0; i < lanes_used_; ++i) {
      if (lanes_[i].delay == delay)
        return &lanes_[i];
      if (!idle && lanes_[i].items.empty())
        idle = &lanes_[i];
    }
    if (!idle && lanes_used_ < lane_count)
      idle = &lanes_[lanes_used_++];
    if (idle)
      idle->delay = delay;
    return idle;
  }

  /// The earliest item of the calendar and the overflow heap, or nullptr; the cursor
  /// stops at bucket `limit`.
  const item* calendar_min(std::int64_t limit) {
    auto* wheel = wheel_min(limit);
    wheel_holds_min_ = wheel && (overflow_.empty() || wheel->before(overflow_.top()));
    if (wheel_holds_min_)
      return wheel;
    return overflow_.empty() ? nullptr : &overflow_.top();
  }

  /// Moves the cursor to the first non-empty bucket (but not past `limit`), sorts it,
  /// and returns its minimum; nullptr if there is none up to `limit`.
  item* wheel_min(std::int64_t limit) {
    for (;;) {
      if (in_wheel_ == 0 && !overflow_.empty()) {
        // Jump straight to the overflow's earliest bucket if it lies ahead.
        auto target = std::min(limit, std::max(cursor_, overflow_.top().due >> bucket_bits));
        if (target > cursor_)
          move_cursor(target);
      }
      refill();
      if (in_wheel_ == 0)
        return nullptr;
      auto& bucket = buckets_[cursor_ & bucket_mask];
      if (!bucket.empty()) {
        if (!sorted_) {
          std::sort(bucket.begin(), bucket.end(), later_first);
          sorted_ = true;
        }
        return &bucket.back();
      }
      if (cursor_ >= limit)
        return nullptr;
      move_cursor(std::min(limit, cursor_ + distance_to_next_occupied()));
    }
  }

  template <class F>
  void for_each_occupied(F&& f) {
    for (std::size_t word = 0; word < occupied_.size(); ++word)
      for (auto bits = occupied_[word]; bits != 0; bits &= bits - 1)
        f(buckets_[word * 64 + static_cast<std::size_t>(__builtin_ctzll(bits))]);
  }

  void mark_occupied(std::int64_t slot) {
    occupied_[static_cast<std::size_t>(slot >> 6)] |= std::uint64_t{1} << (slot & 63);
  }

  /// Buckets from the cursor's (empty) bucket to the next occupied one, at least 1.
  std::int64_t distance_to_next_occupied() const {
    auto start = (cursor_ + 1) & bucket_mask;
    for (std::int64_t scanned = 0; scanned < bucket_count;) {
      auto slot = (start + scanned) & bucket_mask;
      auto bits = occupied_[static_cast<std::size_t>(slot >> 6)] >> (slot & 63);
      if (bits != 0)
        return scanned + __builtin_ctzll(bits) + 1;
      scanned += 64 - (slot & 63);
    }
    return 1; // nothing occupied: step as before
  }

  void move_cursor(std::int64_t target) {
    cursor_ = target;
    sorted_ = false;
  }

  /// Brings overflow items whose bucket entered the window into the wheel.
  void refill() {
    while (!overflow_.empty()) {
      auto bucket = overflow_.top().due >> bucket_bits;
      if (bucket < cursor_ || bucket - cursor_ >= bucket_count)
        return;
      auto x = overflow_.top();
      overflow_.pop();
      push(x);
    }
  }

  std::vector<std::vector<item>> buckets_;
  // Storage of drained buckets, for the next bucket to fill. Only the buckets in use keep
  // storage: each bucket keeping its own largest size cost 8,192 x that (~150 MB at a
  // million agents), and a reused buffer is still in cache.
  std::vector<std::vector<item>> spare_;
  std::array<std::uint64_t, bucket_count / 64> occupied_{}; ///< bit per non-empty bucket
  timer_heap<item> overflow_;
  std::int64_t cursor_ = 0; ///< absolute bucket number the wheel starts at
  std::size_t in_wheel_ = 0;
  bool sorted_ = false; ///< the bucket under the cursor is sorted, earliest last
  bool wheel_holds_min_ = false;
  std::array<lane, lane_count> lanes_;
  std::size_t lanes_used_ = 0;
  std::size_t in_lanes_ = 0;
  int from_lane_ = -1; ///< where top() found the minimum: a lane, or -1 for the calendar
  int last_lane_ = -1; ///< where the last take() came from
  bool last_from_wheel_ = false; ///< the last take() came from the calendar's bucket
  const item* top_ = nullptr;
  bool top_valid_ = false; ///< top_ and from_lane_ still hold: nothing pushed or taken since
};

} // namespace detsim::engines
