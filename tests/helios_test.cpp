// tests/helios_test.cpp: the Helios scenarios (seed 000) end to end: MCTS, MuZero,
// time travel, crash recovery, and the replicated store with its planted bug.
#include "campaign_support.hpp"

#include <catch2/catch.hpp>

namespace {

campaigns::campaign_summary helios_campaign(std::vector<std::string> parameters, std::string chaos,
                                            std::uint64_t seeds) {
  return test::campaign("helios-chaos", std::move(parameters), std::move(chaos), seeds);
}

} // namespace

TEST_CASE("MCTS trees commit every expansion and every jump by digest returns the board",
          "[helios]") {
  auto outcome = test::run_scenario("helios-mcts", 1, {"trees=20", "sims_per_move=200", "moves=2"});
  CHECK(outcome.passed());
  CHECK(test::metric(outcome, "simulations") == 20 * 200 * 2);
  // Every simulation expands a new node; each tree's first root is committed too.
  CHECK(test::metric(outcome, "commits") == 20 * 200 * 2 + 20);
  CHECK(test::metric(outcome, "jumps") == 20 * 2 * 2);
  CHECK(test::invariant_passed(outcome, "jump-returns-committed"));
}

TEST_CASE("an MCTS state costs at most 100 bytes in the store at 100,000 states", "[helios]") {
  auto outcome = test::run_scenario("helios-mcts", 2, {"trees=125", "sims_per_move=800"});
  REQUIRE(test::metric(outcome, "states") >= 100'000);
  CHECK(test::metric(outcome, "bytes_per_state") <= 100);
}

TEST_CASE("batched MCTS commits the same number of expansions in fewer messages", "[helios]") {
  auto single = test::run_scenario("helios-mcts", 3, {"trees=10", "sims_per_move=400"});
  auto batched = test::run_scenario("helios-mcts", 3, {"trees=10", "sims_per_move=400", "batch=16"});
  CHECK(batched.passed());
  CHECK(test::metric(batched, "simulations") == test::metric(single, "simulations"));
  CHECK(batched.stats.deliveries * 4 < single.stats.deliveries);
}

TEST_CASE("MuZero rollbacks return each step's bytes exactly", "[helios]") {
  auto outcome = test::run_scenario("helios-muzero", 1, {"envs=8", "duration=300ms"});
  CHECK(outcome.passed());
  CHECK(test::metric(outcome, "rollbacks") > 30);
  CHECK(test::metric(outcome, "forks") >= test::metric(outcome, "rollbacks"));
  // 8 environments at 1 kHz for 0.3 s, less the ticks spent rolling back.
  CHECK(test::metric(outcome, "updates") > 8 * 250);
}

TEST_CASE("time-travel jumps return what was committed and their proofs verify", "[helios]") {
  auto outcome = test::run_scenario("helios-timetravel", 1,
                                    {"games=6", "moves=12", "variations=4", "jumps=30", "merges=6"});
  CHECK(outcome.passed());
  CHECK(test::metric(outcome, "positions") == 6 * (1 + 12 + 12 * 4));
  CHECK(test::metric(outcome, "proofs_verified") == 6 * 30);
  CHECK(test::metric(outcome, "tamper_checks") == 6);
  CHECK(test::metric(outcome, "histories_checked") == 6);
  CHECK(test::metric(outcome, "merges_clean") + test::metric(outcome, "merge_conflicts") == 6 * 6);
  CHECK(test::metric(outcome, "merges_clean") > 0);
  for (auto name : {"proofs-verify", "tampered-proof-fails", "merges-agree", "log-is-the-line-played"})
    CHECK(test::invariant_passed(outcome, name));
}

TEST_CASE("a crashed store recovers every acknowledged state and drops the torn tail, ten seeds",
          "[helios]") {
  int torn = 0;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    auto outcome = test::run_scenario("helios-recovery", seed,
                                      {"states=20000", "batch=500", "checkpoint_every=5000"});
    CHECK(outcome.passed());
    CHECK(test::metric(outcome, "checkpoints_loaded") >= 3);
    CHECK(test::metric(outcome, "states_recovered") <= test::metric(outcome, "states_written"));
    torn += test::metric(outcome, "torn_bytes_dropped") > 0;
  }
  CHECK(torn >= 5); // the crash cuts the last batch mid-record on most seeds
}

TEST_CASE("helios-chaos ends chaos before its quiet period and brings its own chaos",
          "[helios]") {
  auto outcome = test::run_scenario("helios-chaos", 4, {"duration=4s", "quiet=2s"});
  CHECK(outcome.passed());
  int kills = 0;
  for (const auto& f : outcome.plan.faults()) {
    if (f.kind == sim::fault_kind::restart)
      continue;
    kills += f.kind == sim::fault_kind::kill;
    CHECK(f.start <= sim::time_point{std::chrono::seconds(4)});
    CHECK(f.end <= sim::time_point{std::chrono::seconds(4)});
  }
  CHECK(kills > 0);
  auto calm = test::run_scenario("helios-chaos", 4, {"duration=4s", "default_chaos=false"});
  CHECK(calm.plan.empty());
}

TEST_CASE("a campaign finds the replica that acknowledges before syncing, and only with kills",
          "[helios][planted]") {
  // Correct replicas: 200 seeds of kills, partitions and loss, no failure.
  CHECK(helios_campaign({"duration=5s"}, "", 200).buckets.empty());
  // The broken replica without kills (partitions and loss only): its early ack is harmless.
  CHECK(helios_campaign({"duration=5s", "sync_before_ack=false"},
                        "partition-rate=0.2/s,loss=0.01", 60).buckets.empty());
  // With the default chaos, kills lose acknowledged states.
  auto buggy = helios_campaign({"duration=5s", "sync_before_ack=false"}, "", 200);
  REQUIRE_FALSE(buggy.buckets.empty());
  for (const auto& bucket : buggy.buckets) {
    CAPTURE(bucket.signature);
    CHECK_THAT(bucket.signature, Catch::EndsWith("lost-ack"));
  }
}

TEST_CASE("helios scenarios refuse impossible parameters with one line", "[helios][cli]") {
  CHECK_THROWS_WITH(test::run_scenario("helios-mcts", 1, {"trees=0"}), Catch::Contains("trees must be between"));
  CHECK_THROWS_WITH(test::run_scenario("helios-mcts", 1, {"branching=400"}), Catch::Contains("branching"));
  CHECK_THROWS_WITH(test::run_scenario("helios-chaos", 1, {"replicas=4"}), Catch::Contains("3 or 5"));
  CHECK_THROWS_WITH(test::run_scenario("helios-recovery", 1, {"batch=100000", "interval=1ms"}),
                    Catch::Contains("interval must be longer"));
  CHECK_THROWS_WITH(test::run_scenario("helios-muzero", 1, {"lookahead=1"}), Catch::Contains("lookahead"));
}
