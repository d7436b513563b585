// tests/event_queue_test.cpp: the engine's event queue pops in (due, insertion) order
// whichever of its stores (lanes, calendar, overflow heap) holds an item.
#include "detsim/engines/event_queue.hpp"
#include "detsim/sim/rng.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

using namespace detsim;

namespace {

struct item {
  std::int64_t due;
  std::uint64_t order;
  bool before(const item& other) const {
    return due != other.due ? due < other.due : order < other.order;
  }
  bool dead() const { return false; }
};

} // namespace

TEST_CASE("the event queue pops in due order, ties in insertion order", "[engines]") {
  auto seed = GENERATE(range(1, 21));
  CAPTURE(seed);
  sim::rng random(static_cast<std::uint64_t>(seed));
  engines::event_queue<item> queue;
  std::vector<item> expected;
  std::vector<item> popped;
  std::uint64_t sequence = 0;
  std::int64_t now = 0;
  // Fixed delays (some repeated, more of them than there are lanes), random network-like
  // delays and far-future items, pushed while time advances with the pops.
  const std::int64_t fixed[] = {10'000'000, 50'000'000, 0, 3, 1'000'000'000, 7'777};
  for (int round = 0; round < 2000; ++round) {
    for (int n = static_cast<int>(random.below(4)); n > 0; --n) {
      item x{now, sequence++};
      auto choice = random.below(4);
      if (choice == 0) {
        x.due += static_cast<std::int64_t>(random.below(200'000));
        queue.push(x);
      } else if (choice == 1) {
        x.due += static_cast<std::int64_t>(random.below(3'000'000'000ULL));
        queue.push(x);
      } else {
        auto delay = choice == 2 ? fixed[random.below(6)]
                                 : static_cast<std::int64_t>(random.below(20)) * 1000;
        x.due += delay;
        queue.push_after(x, delay);
      }
      expected.push_back(x);
    }
    if (!queue.empty() && random.chance(0.6)) {
      auto x = queue.take();
      REQUIRE(x.due >= now);
      now = x.due;
      popped.push_back(x);
    }
  }
  while (!queue.empty())
    popped.push_back(queue.take());
  std::sort(expected.begin(), expected.end(),
            [](const item& a, const item& b) { return a.before(b); });
  REQUIRE(popped.size() == expected.size());
  for (std::size_t i = 0; i < popped.size(); ++i) {
    CAPTURE(i);
    CHECK(popped[i].due == expected[i].due);
    CHECK(popped[i].order == expected[i].order);
  }
}

TEST_CASE("a lane item can be found by its handle until it is popped", "[engines]") {
  engines::event_queue<item> queue;
  auto first = queue.push_after({100, 0}, 100);
  auto second = queue.push_after({100, 1}, 100);
  REQUIRE(first != 0);
  REQUIRE(queue.find(second) != nullptr);
  CHECK(queue.find(second)->order == 1);
  CHECK(queue.take().order == 0);
  CHECK(queue.find(first) == nullptr);
  CHECK(queue.find(second) != nullptr);
  CHECK(queue.find(0) == nullptr);
}

namespace {

struct cancellable {
  std::int64_t due;
  std::uint64_t order;
  bool cancelled = false;
  bool before(const cancellable& other) const {
    return due != other.due ? due < other.due : order < other.order;
  }
  bool dead() const { return cancelled; }
};

} // namespace

TEST_CASE("a full lane drops its cancelled items, keeping the rest in order and findable",
          "[engines]") {
  const auto cancel_every = GENERATE(2, 4, 8); // 1 in 8 is too few to compact for
  CAPTURE(cancel_every);
  engines::event_queue<cancellable> queue;
  using handle = engines::event_queue<cancellable>::handle;
  std::vector<handle> handles; // by order; 0 once cancelled
  std::size_t moves = 0;
  auto moved = [&](const cancellable& x, handle from, handle to) {
    REQUIRE(handles[x.order] == from);
    handles[x.order] = to;
    ++moves;
  };
  // One delay, one lane; cancel some items as they are pushed, as answered requests'
  // timeouts are, so that the lane fills up and must compact or grow.
  for (std::uint64_t order = 0; order < 5000; ++order) {
    handles.push_back(queue.push_after({static_cast<std::int64_t>(order), order}, 1000, moved));
    REQUIRE(handles.back() != 0);
    if (order % static_cast<std::uint64_t>(cancel_every) == 0) {
      queue.find(handles.back())->cancelled = true;
      handles.back() = 0;
    }
  }
  CHECK((moves > 0) == (cancel_every <= 4));
  for (std::uint64_t order = 0; order < handles.size(); ++order) {
    if (handles[order] == 0)
      continue;
    CAPTURE(order);
    REQUIRE(queue.find(handles[order]) != nullptr);
    CHECK(queue.find(handles[order])->order == order);
  }
  std::vector<std::uint64_t> live;
  while (!queue.empty())
    if (auto x = queue.take(); !x.cancelled)
      live.push_back(x.order);
  std::vector<std::uint64_t> expected;
  for (std::uint64_t order = 0; order < handles.size(); ++order)
    if (handles[order] != 0)
      expected.push_back(order);
  CHECK(live == expected);
}

TEST_CASE("only calendar buckets in use keep storage", "[engines]") {
  // 100 items a microsecond, each due 50-60 us after it was pushed, for 20 ms: the
  // calendar's 8,192 one-microsecond buckets all fill in turn, but only ~10 at a time.
  engines::event_queue<item> queue;
  sim::rng random(7);
  std::uint64_t sequence = 0;
  std::int64_t last = -1;
  for (std::int64_t now = 0; now < 20'000'000; now += 1000) {
    for (int n = 0; n < 100; ++n)
      queue.push({now + 50'000 + static_cast<std::int64_t>(random.below(10'000)), sequence++});
    while (!queue.empty() && queue.top().due <= now) {
      auto x = queue.take();
      REQUIRE(x.due >= last);
      last = x.due;
    }
  }
  // Each bucket holds ~100 items; kept storage for all 8,192 would be ~1 M items.
  CHECK(queue.calendar_capacity() < 64 * 256);
}
