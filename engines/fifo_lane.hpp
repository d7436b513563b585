// engines/fifo_lane.hpp: a growable ring buffer of queued events pushed in (due, order)
// order. Timers of one fixed delay arrive that way, so they need no sorting at all, and
// reading them back is a sequential walk instead of a cache miss per event.
#pragma once

#include <cstdint>
#include <vector>

namespace detsim::engines {

template <class Item>
class fifo_lane {
public:
  bool empty() const { return head_ == tail_; }
  std::size_t size() const { return static_cast<std::size_t>(tail_ - head_); }
  /// True when the next push must grow the ring.
  bool full() const { return size() == ring_.size(); }
  const Item& front() const { return ring_[head_ & mask_]; }
  const Item& back() const { return ring_[(tail_ - 1) & mask_]; }

  /// Appends `x` (which must not sort before back()) and returns its position, which
  /// stays valid for find() until the item is popped.
  std::uint64_t push(const Item& x) {
    if (size() == ring_.size())
      grow();
    // Slots are reused a whole ring later, long out of cache: fetch the next few early.
    __builtin_prefetch(&ring_[(tail_ + 4) & mask_], 1);
    ring_[tail_ & mask_] = x;
    return tail_++;
  }

  void pop() { ++head_; }

  /// The k-th item from the front (k < size()).
  const Item& at(std::size_t k) const { return ring_[(head_ + k) & mask_]; }

  /// The item still queued at `position`, or nullptr once it has been popped.
  Item* find(std::uint64_t position) {
    return position >= head_ && position < tail_ ? &ring_[position & mask_] : nullptr;
  }

  /// Drops the items `dead` names, keeping the rest in order; calls moved(item,
  /// old_position, new_position) for each kept item that moved. Returns how many were
  /// dropped. Positions of dropped items must no longer be looked up.
  template <class Dead, class Moved>
  std::size_t compact(Dead&& dead, Moved&& moved) {
    auto write = head_;
    for (auto read = head_; read < tail_; ++read) {
      auto& x = ring_[read & mask_];
      if (dead(x))
        continue;
      if (write != read) {
        ring_[write & mask_] = x;
        moved(ring_[write & mask_], read, write);
      }
      ++write;
    }
    auto dropped = static_cast<std::size_t>(tail_ - write);
    tail_ = write;
    return dropped;
  }

  template <class F>
  void for_each(F&& f) {
    for (auto p = head_; p < tail_; ++p)
      f(ring_[p & mask_]);
  }

  /// Drops every item; positions handed out before stay unique (they are never reused
  /// by clear(); compact() reuses only those of items it moved or dropped).
  void clear() { head_ = tail_; }

private:
  void grow() {
    std::vector<Item> bigger(ring_.empty() ? 64 : ring_.size() * 2);
    const std::uint64_t mask = bigger.size() - 1;
    for (auto p = head_; p < tail_; ++p)
      bigger[p & mask] = ring_[p & mask_];
    ring_.swap(bigger);
    mask_ = mask;
  }

  std::vector<Item> ring_;
  std::uint64_t mask_ = 0;
  std::uint64_t head_ = 0; ///< absolute position of the front item
  std::uint64_t tail_ = 0; ///< absolute position one past the back item
};

} // namespace detsim::engines
