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
