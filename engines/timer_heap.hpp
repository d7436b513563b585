// engines/timer_heap.hpp: a 4-ary min-heap of queued events ordered by Item::before
// (due time, then insertion order), for the events far beyond the calendar's window.
// Shallower than a binary heap, so fewer cache misses.
#pragma once

#include <cstdint>
#include <vector>

namespace detsim::engines {

template <class Item>
class timer_heap {
public:
  using item = Item;

  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const item& top() const { return items_.front(); }
  void clear() { items_.clear(); }

  void push(item x) {
    std::size_t i = items_.size();
    items_.push_back(x);
    while (i > 0) {
      std::size_t parent = (i - 1) / 4;
      if (!x.before(items_[parent]))
        break;
      items_[i] = items_[parent];
      i = parent;
    }
    items_[i] = x;
  }

  void pop() {
    item last = items_.back();
    items_.pop_back();
    if (items_.empty())
      return;
    std::size_t i = 0;
    const std::size_t n = items_.size();
    for (;;) {
      std::size_t first = 4 * i + 1;
      if (first >= n)
        break;
      std::size_t best = first;
      std::size_t end = first + 4 < n ? first + 4 : n;
      for (std::size_t c = first + 1; c < end; ++c)
        if (items_[c].before(items_[best]))
          best = c;
      if (!items_[best].before(last))
        break;
      items_[i] = items_[best];
      i = best;
    }
    items_[i] = last;
  }

  template <class F>
  void for_each(F&& f) {
    for (auto& x : items_)
      f(x);
  }

private:
  std::vector<item> items_;
};

} // namespace detsim::engines
