// tests/swarm_test.cpp: the swarm's invariants hold under faults and catch broken resources.
#include "test_support.hpp"

#include "detsim/actors/swarm/resource.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace detsim;

namespace {

bool invariant_failed(const harness::run_outcome& outcome, const std::string& name) {
  for (auto& inv : outcome.invariants)
    if (inv.name == name)
      return !inv.passed;
  FAIL("no invariant named " << name);
  return false;
}

using test::metric;

} // namespace

TEST_CASE("a quiet swarm decides at rate_hz and passes its invariants", "[scenarios][swarm]") {
  auto outcome = test::run(test::small_swarm(1));
  CHECK(outcome.passed());
  // 60 agents x 100 Hz x 0.5 s = 3000 decisions.
  CHECK(metric(outcome, "decisions") == Approx(3000).margin(60));
  CHECK(metric(outcome, "grants") > 0);
  CHECK(metric(outcome, "updates_acked") > 0);
  CHECK(metric(outcome, "timeouts") == 0);
  CHECK(outcome.stats.drops == 0);
}

TEST_CASE("kills, loss, latency and partitions keep the swarm's invariants", "[scenarios][swarm]") {
  auto seed = GENERATE(range(1, 11));
  CAPTURE(seed);
  auto spec = test::small_swarm(static_cast<std::uint64_t>(seed));
  spec.faults = "at 100ms kill resource-1; at 250ms restart resource-1; "
                "from 50ms to 200ms partition agent-1*|resources; "
                "from 300ms to 400ms loss 0.3; from 100ms to 300ms latency +20ms node resource-2";
  spec.chaos = "kill-rate=5/s,restart-after=100ms";
  auto outcome = test::run(spec);
  CHECK(outcome.passed());
  CHECK(outcome.stats.drops > 0);
  CHECK(metric(outcome, "timeouts") > 0);
}

TEST_CASE("a resource that ignores held leases is caught", "[scenarios][swarm]") {
  auto outcome = test::run(test::small_swarm(1, {"lease_check=false"}));
  CHECK_FALSE(outcome.passed());
  CHECK(invariant_failed(outcome, "exclusive-lease"));
}

TEST_CASE("a resource that forgets its state on restart loses acknowledged updates, and only then",
          "[scenarios][swarm][planted]") {
  // The broken variant fails through its mechanism, the restart: never without one, and
  // the correct resource survives the same restart.
  const std::string restart = "at 200ms kill resource-0; at 210ms restart resource-0";
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    CHECK(test::run(test::small_swarm(seed, {"persist=false", "resources=2"})).passed());
    auto spec = test::small_swarm(seed, {"persist=false", "resources=2"});
    spec.faults = restart;
    auto outcome = test::run(spec);
    CHECK_FALSE(outcome.passed());
    CHECK((invariant_failed(outcome, "no-lost-ack") || invariant_failed(outcome, "exclusive-lease")));
    auto correct = test::small_swarm(seed, {"resources=2"});
    correct.faults = restart;
    CHECK(test::run(correct).passed());
  }
  // The user's report: one agent, one resource, no fault at all.
  CHECK(test::run(test::small_swarm(1, {"agents=1", "resources=1", "duration=300ms", "persist=false"})).passed());
}

TEST_CASE("bad swarm parameters are input errors", "[scenarios][swarm]") {
  CHECK_THROWS_AS(test::run(test::small_swarm(1, {"agents=0"})), sim::input_error);
  CHECK_THROWS_AS(test::run(test::small_swarm(1, {"rate_hz=-5"})), sim::input_error);
  CHECK_THROWS_AS(test::run(test::small_swarm(1, {"loss=2"})), sim::input_error);
  CHECK_THROWS_WITH(test::run(test::small_swarm(1, {"agnets=5"})),
                    Catch::Contains("unknown parameter 'agnets'"));
}

TEST_CASE("skewed and drifting node clocks keep the swarm's invariants", "[scenarios][swarm]") {
  auto seed = GENERATE(range(1, 6));
  CAPTURE(seed);
  auto spec = test::small_swarm(static_cast<std::uint64_t>(seed),
                                {"clock_skew=5ms", "clock_drift_ppm=2000"});
  spec.chaos = "kill-rate=4/s,restart-after=50ms";
  auto outcome = test::run(spec);
  CHECK(outcome.passed());
  CHECK(metric(outcome, "grants") > 0);
}

TEST_CASE("a resource's state reads back from its disk text, extremes included", "[scenarios][swarm]") {
  actors::swarm::resource_state state;
  state.holder = std::numeric_limits<std::uint32_t>::max();
  state.lease = 7;
  state.next_lease = 8;
  state.expiry = sim::time_point{-1};
  state.version = std::numeric_limits<std::uint64_t>::max();
  state.checksum = 12345;
  // The same text the earlier snprintf format gave, field for field.
  CHECK(state.encode() == "4294967295 7 8 -1 18446744073709551615 12345");
  sim::durable_store store;
  store.put("state", state.encode());
  actors::swarm::resource_state back;
  REQUIRE(actors::swarm::resource_state::load(store, back));
  CHECK(back.holder == state.holder);
  CHECK(back.lease == 7);
  CHECK(back.next_lease == 8);
  CHECK(back.expiry == state.expiry);
  CHECK(back.version == state.version);
  CHECK(back.checksum == 12345);
}
