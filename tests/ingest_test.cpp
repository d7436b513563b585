// tests/ingest_test.cpp: the Engram ingest pipeline (seed 004): its status rule, its CPU
// knee, backpressure, space isolation, determinism, and the planted stolen-batch bug shown
// on both sides.
#include "test_support.hpp"

#include "detsim/actors/ingest/delivery_checker.hpp"
#include "detsim/campaigns/campaign_runner.hpp"
#include "detsim/campaigns/campaign_summary.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

#include <filesystem>

namespace {

harness::run_outcome run_ingest(std::uint64_t seed, std::vector<std::string> parameters,
                                std::string chaos = {}) {
  return test::run_scenario("ingest", seed, std::move(parameters), std::move(chaos));
}


/// Space 0's P99 latency (ms) from the per-space table.
double space0_p99(const harness::run_outcome& outcome) {
  for (const auto& t : outcome.tables)
    if (t.title == "Per space")
      return std::stod(t.rows.at(0).at(4));
  throw std::runtime_error("no per-space table");
}

} // namespace

TEST_CASE("the ingest pipeline passes every invariant and repeats its digest", "[scenarios][ingest]") {
  auto first = run_ingest(3, {"duration=1s"});
  auto second = run_ingest(3, {"duration=1s"});
  CHECK(first.passed());
  CHECK(first.stats.digest == second.stats.digest);
  CHECK(test::metric(first, "indexed") > 0.95 * test::metric(first, "accepted"));
}

TEST_CASE("the status follows the seed's rule: pass, degraded, overload", "[scenarios][ingest]") {
  CHECK(test::metric(run_ingest(1, {"duration=1s", "rate=10000"}), "status") == 0);
  CHECK(test::metric(run_ingest(1, {"duration=1s", "rate=100000", "p99_bound=1ms"}), "status") == 1);
  CHECK(test::metric(run_ingest(1, {"duration=1s", "rate=400000"}), "status") == 2);
}

TEST_CASE("workers beyond the core count add no throughput, over 20 seeds", "[scenarios][ingest]") {
  double up_sum = 0, up_min = 1e9, beyond_sum = 0, beyond_max = 0;
  const int seeds = 20;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    auto throughput = [seed](int workers) {
      return test::metric(run_ingest(seed, {"duration=500ms", "rate=400000", "cores=4",
                                            "workers=" + std::to_string(workers)}),
                          "throughput_obs_s");
    };
    auto two = throughput(2), four = throughput(4), eight = throughput(8);
    up_sum += four / two;
    up_min = std::min(up_min, four / two);
    beyond_sum += eight / four;
    beyond_max = std::max(beyond_max, eight / four);
  }
  CAPTURE(up_sum / seeds, up_min, beyond_sum / seeds, beyond_max);
  CHECK(up_sum / seeds > 1.7); // up to the cores: nearly linear
  CHECK(up_min > 1.5);
  CHECK(beyond_sum / seeds < 1.05); // beyond them: the same cores, shared
  CHECK(beyond_max < 1.1);
}

TEST_CASE("full queues reject, the producer is told, and backpressure is counted", "[scenarios][ingest]") {
  auto outcome = run_ingest(1, {"duration=1s", "rate=200000", "normal_capacity=200",
                                "high_capacity=50", "low_capacity=100"});
  CHECK(test::metric(outcome, "rejected") > 0);
  CHECK(test::metric(outcome, "backpressure_events") > 0);
  CHECK(outcome.passed());
}

TEST_CASE("a space's latency does not depend on how many other spaces run, given their cores, over 20 seeds",
          "[scenarios][ingest]") {
  double beside_sum = 0, beside_max = 0, sharing_min = 1e9;
  const int seeds = 20;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    auto with = [seed](int spaces, int cores) {
      auto n = std::to_string(spaces);
      return space0_p99(run_ingest(seed, {"duration=1s", "spaces=" + n, "workers=" + n,
                                          "cores=" + std::to_string(cores),
                                          "rate=" + std::to_string(20000 * spaces)}));
    };
    auto alone = with(1, 1);
    auto beside = with(4, 4) / alone;
    beside_sum += beside;
    beside_max = std::max(beside_max, beside);
    sharing_min = std::min(sharing_min, with(4, 1) / alone);
  }
  CAPTURE(beside_sum / seeds, beside_max, sharing_min);
  CHECK(beside_sum / seeds < 1.1); // beside three others with their cores: as alone
  CHECK(beside_sum / seeds > 0.9);
  CHECK(beside_max < 1.5); // one seed's P99 of one space is noisy: measured up to 1.33
  CHECK(sharing_min > 2); // the measure sees contention where there is some, on every seed
}

TEST_CASE("a skewed workload is spread by stealing", "[scenarios][ingest]") {
  auto outcome = run_ingest(1, {"duration=1s", "skew=1"});
  CHECK(test::metric(outcome, "steals") > 0);
  CHECK(test::metric(outcome, "status") == 0);
  CHECK(run_ingest(1, {"duration=1s", "skew=1", "steal_threshold=1000000000"}).passed());
  CHECK(test::metric(run_ingest(1, {"duration=1s", "skew=1", "steal_threshold=1000000000"}),
                     "status") == 2); // one worker alone cannot keep up
}

TEST_CASE("a stolen batch is lost with its worker only when steal_requeue=false and a worker dies",
          "[scenarios][ingest]") {
  const std::string kills = "kill-rate=5/s,restart-after=50ms";
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    CAPTURE(seed);
    auto broken = run_ingest(seed, {"duration=2s", "skew=1", "steal_requeue=false"}, kills);
    CHECK_FALSE(test::invariant_passed(broken, "indexed-exactly-once"));
    CHECK(run_ingest(seed, {"duration=2s", "skew=1", "steal_requeue=false"}).passed());
    CHECK(run_ingest(seed, {"duration=2s", "skew=1"}, kills).passed());
  }
}

TEST_CASE("a campaign with worker kills finds the lost stolen batch", "[cli][ingest]") {
  auto r = scenarios::builtin_registry();
  campaigns::campaign_config c;
  c.scenario = "ingest";
  c.parameters = {"duration=2s", "skew=1", "steal_requeue=false"};
  c.chaos = "kill-rate=2/s,restart-after=100ms";
  c.first_seed = 1;
  c.last_seed = 6;
  c.jobs = 2;
  c.recheck = 0;
  auto dir = test::temp_path("ingest-campaign");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  campaigns::run_campaign(r, c, dir, nullptr);
  auto summary = campaigns::summarize(c, campaigns::read_journal(dir + "/journal.jsonl"), "detsim");
  REQUIRE(summary.buckets.size() == 1);
  CHECK_THAT(summary.buckets[0].signature, Catch::StartsWith("invariant:indexed-exactly-once"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("the ingest checker flags low priority taken while high waits, and only then",
          "[actors][ingest]") {
  actors::ingest::delivery_checker checker(1);
  checker.on_batch(0, actors::ingest::low, 0);
  checker.on_batch(0, actors::ingest::high, 7);
  CHECK(checker.priority_violations().empty());
  checker.on_batch(0, actors::ingest::normal, 7);
  CHECK(checker.priority_violations().size() == 1);
}

TEST_CASE("the ingest checker finds a duplicate index and a rejection reported as accepted",
          "[actors][ingest]") {
  namespace ingest = actors::ingest;
  ingest::delivery_checker checker(1);
  std::vector<ingest::segment> one{{0, 0, 10, ingest::normal, 0}};
  checker.on_admitted(2, one, true);
  checker.on_told(one, true);
  checker.on_indexed(2, one);
  CHECK(checker.delivery_violations().empty());
  CHECK(checker.told_violations().empty());
  checker.on_indexed(2, one);
  CHECK_FALSE(checker.delivery_violations().empty());
  std::vector<ingest::segment> two{{0, 10, 5, ingest::low, 0}};
  checker.on_admitted(2, two, false);
  checker.on_told(two, true);
  CHECK_FALSE(checker.told_violations().empty());
}
