// engines/event_queue.hpp: the engine's queue of timers and network arrivals, ordered by
// (due time, insertion order). A calendar of 1.024 us buckets covers the next 67 ms:
// pushes append to their bucket, and the bucket under the cursor is kept sorted, so
// pops are O(1). Later (and rare out-of-window) items wait in a 4-ary heap. Ties in due
// time pop in insertion order, which determinism needs.
#pragma once

#include "engines/timer_heap.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace engines {

class event_queue {
public:
  using item = timer_heap::item;

  event_queue() : buckets_(bucket_count) {}

  bool empty() const { return in_wheel_ == 0 && overflow_.empty(); }
  std::size_t size() const { return in_wheel_ + overflow_.size(); }

  void push(item x) {
    auto bucket = x.due >> bucket_bits;
    if (bucket < cursor_ || bucket - cursor_ >= bucket_count) {
      overflow_.push(x);
      return;
    }
    auto& items = buckets_[bucket & bucket_mask];
    ++in_wheel_;
    if (bucket == cursor_ && sorted_) {
      // Keep the current bucket sorted, earliest last.
      auto at = std::upper_bound(items.begin(), items.end(), x, later_first);
      items.insert(at, x);
      return;
    }
    items.push_back(x);
  }

  /// The earliest item; the queue must not be empty.
  const item& top() {
    auto* wheel = wheel_min();
    if (wheel && (overflow_.empty() || wheel->before(overflow_.top())))
      return *wheel;
    return overflow_.top();
  }

  void pop() {
    auto* wheel = wheel_min();
    if (wheel && (overflow_.empty() || wheel->before(overflow_.top()))) {
      buckets_[cursor_ & bucket_mask].pop_back(); // wheel_min is the sorted bucket's back
      --in_wheel_;
      return;
    }
    overflow_.pop();
  }

  void clear() {
    for (auto& bucket : buckets_)
      bucket.clear();
    overflow_.clear();
    in_wheel_ = 0;
    sorted_ = false;
  }

private:
  static constexpr int bucket_bits = 10;
  static constexpr std::int64_t bucket_count = 1 << 16;
  static constexpr std::int64_t bucket_mask = bucket_count - 1;

  static bool later_first(const item& a, const item& b) { return b.before(a); }

  /// Moves the cursor to the first non-empty bucket, sorts it, and returns its minimum.
  item* wheel_min() {
    for (;;) {
      if (in_wheel_ == 0) {
        if (overflow_.empty())
          return nullptr;
        // Jump straight to the overflow's earliest bucket if it lies ahead.
        auto target = std::max(cursor_, overflow_.top().due >> bucket_bits);
        if (target != cursor_)
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
      move_cursor(cursor_ + 1);
    }
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
  timer_heap overflow_;
  std::int64_t cursor_ = 0; ///< absolute bucket number the wheel starts at
  std::size_t in_wheel_ = 0;
  bool sorted_ = false; ///< the bucket under the cursor is sorted, earliest last
};

} // namespace engines
