// tests/chaos_test.cpp: chaos specs and the seeded generator.
#include "detsim/sim/chaos.hpp"
#include "detsim/sim/parameters.hpp"

#include <catch2/catch.hpp>

using namespace detsim;

TEST_CASE("a chaos spec parses rates, probabilities and spans", "[sim][chaos]") {
  auto spec = sim::chaos_spec::parse("kill-rate=0.2/s,loss=0.01,partition-rate=1,spike=+20ms");
  CHECK(spec.kill_rate == 0.2);
  CHECK(spec.loss == 0.01);
  CHECK(spec.partition_rate == 1.0);
  CHECK(spec.spike_extra.count() == 20'000'000);
  auto slow = sim::chaos_spec::parse("slow-rate=0.5/s,slow-factor=8,slow-duration=3s");
  CHECK(slow.slow_rate == 0.5);
  CHECK(slow.slow_factor == 8);
  CHECK(slow.slow_duration.count() == 3'000'000'000);
  CHECK_FALSE(slow.empty());
  CHECK(sim::chaos_spec::parse("").empty());
}

TEST_CASE("bad chaos specs are one-line errors", "[sim][chaos]") {
  CHECK_THROWS_WITH(sim::chaos_spec::parse("kill-rat=1"), Catch::Contains("unknown key 'kill-rat'"));
  CHECK_THROWS_AS(sim::chaos_spec::parse("loss=2"), sim::input_error);
  CHECK_THROWS_AS(sim::chaos_spec::parse("kill-rate=fast"), sim::input_error);
  CHECK_THROWS_AS(sim::chaos_spec::parse("loss"), sim::input_error);
  CHECK_THROWS_AS(sim::chaos_spec::parse("slow-factor=0.5"), sim::input_error);
}

TEST_CASE("the same seed gives the same chaos plan and another seed another", "[sim][chaos]") {
  auto spec = sim::chaos_spec::parse("kill-rate=2/s,partition-rate=1/s,latency-spike=1/s");
  std::vector<std::string> nodes{"a", "b", "c", "d"};
  auto r1 = sim::rng::derive(5, "chaos");
  auto r2 = sim::rng::derive(5, "chaos");
  auto r3 = sim::rng::derive(6, "chaos");
  auto length = sim::duration{10'000'000'000};
  auto p1 = sim::generate_chaos(spec, r1, length, nodes);
  auto p2 = sim::generate_chaos(spec, r2, length, nodes);
  auto p3 = sim::generate_chaos(spec, r3, length, nodes);
  CHECK(p1.size() > 10);
  CHECK(p1.faults() == p2.faults());
  CHECK_FALSE(p1.faults() == p3.faults());
  for (auto& f : p1.faults()) {
    CHECK(f.start < length);
    CHECK(f.end <= length);
  }
}

TEST_CASE("every chaos kill restarts after restart-after unless the run ends", "[sim][chaos]") {
  auto spec = sim::chaos_spec::parse("kill-rate=1/s,restart-after=500ms");
  auto r = sim::rng::derive(11, "chaos");
  auto plan = sim::generate_chaos(spec, r, sim::duration{20'000'000'000}, {"n1", "n2"});
  int kills = 0, restarts = 0;
  for (auto& f : plan.faults()) {
    kills += f.kind == sim::fault_kind::kill;
    restarts += f.kind == sim::fault_kind::restart;
  }
  CHECK(kills > 5);
  CHECK(restarts >= kills - 1);
}

TEST_CASE("chaos acts only inside its window", "[sim][chaos]") {
  auto spec = sim::chaos_spec::parse(
    "kill-rate=20/s,restart-after=100ms,partition-rate=10/s,loss=0.1,from=1s,until=3s");
  CHECK(spec.from.count() == 1'000'000'000);
  CHECK(spec.until.count() == 3'000'000'000);
  auto random = sim::rng::derive(7, "chaos");
  auto plan = sim::generate_chaos(spec, random, sim::duration{10'000'000'000}, {"a", "b", "c"});
  REQUIRE(plan.faults().size() > 10);
  for (auto& f : plan.faults()) {
    CAPTURE(sim::to_string(f));
    CHECK(f.start >= spec.from);
    if (f.kind == sim::fault_kind::restart)
      CHECK(f.start <= spec.until + spec.restart_after); // a node killed late comes back
    else
      CHECK(f.end <= spec.until);
  }
}

TEST_CASE("a chaos window that is empty or reversed is refused", "[sim][chaos]") {
  CHECK_THROWS_WITH(sim::chaos_spec::parse("kill-rate=1,from=3s,until=2s"),
                    Catch::Contains("until (2s) must come after from (3s)"));
  CHECK_THROWS_AS(sim::chaos_spec::parse("kill-rate=1,until=soon"), sim::input_error);
}

TEST_CASE("without a window chaos spans the whole run as before", "[sim][chaos]") {
  auto with_window = sim::chaos_spec::parse("kill-rate=5/s,from=0s");
  auto plain = sim::chaos_spec::parse("kill-rate=5/s");
  auto a = sim::rng::derive(3, "chaos");
  auto b = sim::rng::derive(3, "chaos");
  auto length = sim::duration{5'000'000'000};
  CHECK(sim::generate_chaos(with_window, a, length, {"x", "y"}).to_string() ==
        sim::generate_chaos(plain, b, length, {"x", "y"}).to_string());
}

TEST_CASE("a chaos rate that would draw too many faults is refused, naming the bound",
          "[sim][chaos]") {
  auto random = sim::rng::derive(1, "chaos");
  auto length = sim::duration{10'000'000'000};
  CHECK_THROWS_WITH(sim::generate_chaos(sim::chaos_spec::parse("kill-rate=1e12/s"), random, length, {"a"}),
                    Catch::Contains("kill-rate=1e+12/s over 10s would draw ~1e+13 faults (at most 100000)"));
  CHECK_THROWS_AS(sim::generate_chaos(sim::chaos_spec::parse("partition-rate=1e300/s"), random,
                                      length, {"a"}),
                  sim::input_error);
  // The bound applies to the window, not the whole run.
  auto windowed = sim::chaos_spec::parse("partition-rate=5000/s,until=10ms");
  CHECK(sim::generate_chaos(windowed, random, length, {"a", "b"}).size() > 10);
  CHECK_THROWS_AS(sim::chaos_spec::parse("loss= 0.1"), sim::input_error);
}

TEST_CASE("chaos draws memory-pressure episodes on the nodes it may touch", "[sim][chaos]") {
  auto spec = sim::chaos_spec::parse("memory-rate=1/s,memory-share=0.2,memory-duration=2s");
  CHECK(spec.memory_rate == 1);
  CHECK(spec.memory_share == 0.2);
  CHECK_FALSE(spec.empty());
  CHECK_THAT(spec.to_string(), Catch::Contains("memory-rate=1/s,memory-share=0.2,memory-duration=2s"));
  CHECK(sim::chaos_spec::parse(spec.to_string()).to_string() == spec.to_string());
  // A spec without memory prints as it always did.
  CHECK(sim::chaos_spec::parse("kill-rate=1/s").to_string().find("memory") == std::string::npos);
  CHECK_THROWS_WITH(sim::chaos_spec::parse("memory-share=0"), Catch::Contains("memory-share must be in (0, 1]"));
  auto random = sim::rng::derive(1, "chaos");
  auto plan = sim::generate_chaos(spec, random, sim::duration{20'000'000'000}, {"a", "b"});
  REQUIRE(plan.faults().size() > 5);
  for (const auto& f : plan.faults()) {
    CHECK(f.kind == sim::fault_kind::memory);
    CHECK(f.factor == 20);
    CHECK((f.node == "a" || f.node == "b"));
  }
}
