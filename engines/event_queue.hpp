// engines/event_queue.hpp: the engine's queue of timers and network arrivals, ordered by
// (due time, insertion order). A calendar of 1.024 us buckets covers the next 67 ms, so
// the common push and pop cost O(1); later (and rare out-of-window) items wait in a
// 4-ary heap. Ties in due time pop in insertion order, which determinism needs.
#pragma once

#include "engines/timer_heap.hpp"

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
    if (bucket >= cursor_ && bucket - cursor_ < bucket_count) {
      buckets_[bucket & bucket_mask].push_back(x);
      ++in_wheel_;
    } else {
      overflow_.push(x);
    }
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
      auto& bucket = buckets_[cursor_ & bucket_mask];
      *wheel = bucket.back();
      bucket.pop_back();
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
  }

private:
  static constexpr int bucket_bits = 10;
  static constexpr std::int64_t bucket_count = 1 << 16;
  static constexpr std::int64_t bucket_mask = bucket_count - 1;

  /// Moves the cursor to the first non-empty bucket and returns its minimum.
  item* wheel_min() {
    for (;;) {
      if (in_wheel_ == 0) {
        if (overflow_.empty())
          return nullptr;
        // Jump straight to the overflow's earliest bucket if it lies ahead.
        cursor_ = std::max(cursor_, overflow_.top().due >> bucket_bits);
      }
      refill();
      if (in_wheel_ == 0)
        return nullptr;
      auto& bucket = buckets_[cursor_ & bucket_mask];
      if (!bucket.empty()) {
        item* best = &bucket.front();
        for (auto& x : bucket)
          if (x.before(*best))
            best = &x;
        return best;
      }
      ++cursor_;
    }
  }

  /// Brings overflow items whose bucket entered the window into the wheel.
  void refill() {
    while (!overflow_.empty()) {
      auto bucket = overflow_.top().due >> bucket_bits;
      if (bucket < cursor_ || bucket - cursor_ >= bucket_count)
        return;
      buckets_[bucket & bucket_mask].push_back(overflow_.top());
      ++in_wheel_;
      overflow_.pop();
    }
  }

  std::vector<std::vector<item>> buckets_;
  timer_heap overflow_;
  std::int64_t cursor_ = 0; ///< absolute bucket number the wheel starts at
  std::size_t in_wheel_ = 0;
};

} // namespace engines
