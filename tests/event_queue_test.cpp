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
