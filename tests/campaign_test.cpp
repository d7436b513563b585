// tests/campaign_test.cpp: campaigns isolate crashes and hangs, bucket failures once,
// resume after an interruption and merge shards into the single-machine summary.
#include "detsim/campaigns/campaign_runner.hpp"
#include "detsim/campaigns/campaign_summary.hpp"
#include "detsim/campaigns/shrink.hpp"
#include "detsim/scenarios/builtin.hpp"
#include "test_support.hpp"

#include "detsim/runtime/node_actor.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>

using namespace detsim;

// Not in an anonymous namespace: the crash reporter can only name exported functions.
namespace campaign_test {

/// A scenario that misbehaves on purpose, by seed: aborts, hangs or fails an invariant.
class misbehaving final : public runtime::scenario {
public:
  explicit misbehaving(sim::parameters&) {}
  void announce(caf::actor_system_config&) const override {}
  sim::duration length() const override { return std::chrono::milliseconds(1); }
  void setup(runtime::world& w) override {
    auto seed = w.seed();
    if (seed % 7 == 3)
      std::abort();
    if (seed % 11 == 5)
      for (volatile bool forever = true; forever;) {
      }
    failing_ = seed % 5 == 1;
  }
  std::vector<std::string> chaos_targets() const override { return {}; }
  std::vector<runtime::invariant_result> check(runtime::world&) override {
    if (failing_)
      return {runtime::verdict("always-fine", {"it was not fine at step 12"})};
    return {runtime::verdict("always-fine", {})};
  }
  std::vector<runtime::metric> metrics() const override { return {}; }

private:
  bool failing_ = false;
};

} // namespace campaign_test

namespace {

runtime::registry test_registry() {
  auto r = scenarios::builtin_registry();
  r.add({"misbehaving", "fails on purpose",
         [](sim::parameters& p) { return std::make_unique<campaign_test::misbehaving>(p); }});
  return r;
}

campaigns::campaign_config config_for(const std::string& scenario, std::uint64_t last) {
  campaigns::campaign_config c;
  c.scenario = scenario;
  c.first_seed = 1;
  c.last_seed = last;
  c.jobs = 2;
  c.recheck = 0.1;
  c.limits.wall_seconds = 2;
  return c;
}

std::string fresh_dir(const std::string& name) {
  auto dir = test::temp_path(name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

campaigns::campaign_summary run_and_summarize(const runtime::registry& r, const campaigns::campaign_config& c,
                                        const std::string& dir) {
  campaigns::run_campaign(r, c, dir, nullptr);
  return campaigns::summarize(c, campaigns::read_journal(dir + "/journal.jsonl"), "detsim");
}

} // namespace

TEST_CASE("crashes, hangs and invariant failures each become one bucket", "[cli][campaign]") {
  auto r = test_registry();
  auto dir = fresh_dir("campaign-buckets");
  auto c = config_for("misbehaving", 40);
  auto s = run_and_summarize(r, c, dir);
  CHECK(s.runs == 40);
  std::map<std::string, std::uint64_t> counts;
  for (auto& b : s.buckets)
    counts[b.signature] = b.count;
  // Crashes are bucketed by signal and the top frames of the crashing code.
  std::string crash;
  for (auto& [signature, count] : counts)
    if (signature.rfind("crash:ABRT at ", 0) == 0)
      crash = signature;
  CAPTURE(counts);
  REQUIRE_FALSE(crash.empty());
  CHECK_THAT(crash, Catch::Contains("misbehaving::setup"));
  CHECK(counts[crash] == 6);                  // seeds 3, 10, 17, 24, 31, 38
  CHECK(counts["timeout:wall-time limit"] == 3); // seeds 5, 16, 27 (38 aborts first)
  // seeds 1, 6, 11, 21, 26, 36 (16 hangs and 31 aborts before their check)
  CHECK(counts["invariant:always-fine: it was not fine at step N"] == 6);
  CHECK(s.buckets.size() == 3);
  CHECK(s.passed == 40 - 6 - 3 - 6);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a resumed campaign ends with the summary of an uninterrupted one", "[cli][campaign]") {
  auto r = scenarios::builtin_registry();
  auto c = config_for("swarm", 30);
  c.parameters = {"agents=20", "resources=2", "duration=200ms", "lease_check=false"};
  c.chaos = "kill-rate=3/s";
  auto whole = fresh_dir("campaign-whole");
  auto full = run_and_summarize(r, c, whole);
  auto cut = fresh_dir("campaign-cut");
  auto lines = test::read_file(whole + "/journal.jsonl");
  // Keep the first 12 results and half of the 13th, as a power loss would.
  std::size_t pos = 0;
  for (int i = 0; i < 12; ++i)
    pos = lines.find('\n', pos) + 1;
  test::write_file(cut + "/journal.jsonl", lines.substr(0, pos + 20));
  auto resumed = run_and_summarize(r, c, cut);
  CHECK(campaigns::summary_json(c, resumed) == campaigns::summary_json(c, full));
  CHECK(resumed.runs == 30);
  CHECK(full.buckets.size() == 1);
  std::filesystem::remove_all(whole);
  std::filesystem::remove_all(cut);
}

TEST_CASE("merged shards give the summary a single machine gives", "[cli][campaign]") {
  auto r = test_registry();
  auto c = config_for("misbehaving", 24);
  c.limits.wall_seconds = 1;
  auto single = fresh_dir("campaign-single");
  auto expected = run_and_summarize(r, c, single);
  std::vector<campaigns::run_record> all;
  for (std::uint32_t k = 0; k < 3; ++k) {
    auto shard = c;
    shard.shard_index = k;
    shard.shard_count = 3;
    auto dir = fresh_dir("campaign-shard-" + std::to_string(k));
    campaigns::run_campaign(r, shard, dir, nullptr);
    auto part = campaigns::read_journal(dir + "/journal.jsonl");
    all.insert(all.end(), part.begin(), part.end());
    std::filesystem::remove_all(dir);
  }
  auto merged = campaigns::summarize(c, all, "detsim");
  CHECK(campaigns::summary_json(c, merged) == campaigns::summary_json(c, expected));
  std::filesystem::remove_all(single);
}

TEST_CASE("the campaign finds the broken resource and its reproduce line reproduces it",
          "[cli][campaign]") {
  auto dir = fresh_dir("campaign-cli");
  std::filesystem::remove_all(dir);
  auto [rc, output] = test::shell(std::string(DETSIM_BINARY) +
                                  " campaign swarm --seeds 1..20 --jobs 2 --no-progress"
                                  " --param agents=20 --param resources=2 --param duration=200ms"
                                  " --param lease_check=false --chaos kill-rate=5/s --out " + dir);
  CHECK(rc == 1);
  CHECK_THAT(output, Catch::Contains("20 failed"));
  CHECK_THAT(output, Catch::Contains("1 buckets"));
  // Reproduce lines name the program as invoked and run as printed.
  auto at = output.find("reproduce: " DETSIM_BINARY " run swarm --seed ");
  REQUIRE(at != std::string::npos);
  auto line = output.substr(at + 11, output.find('\n', at) - at - 11);
  auto [again_rc, again] = test::shell(line + " --no-progress");
  CHECK(again_rc == 1);
  CHECK_THAT(again, Catch::Contains("exclusive-lease                  FAIL"));
  CHECK(std::filesystem::exists(dir + "/buckets/0/trace.zst"));
  // The shrunk plan, re-run from its reproduce line, fails the same way.
  auto shrunk = output.find("shrunk: ");
  REQUIRE(shrunk != std::string::npos);
  auto minimal_at = output.find("reproduce: " DETSIM_BINARY " run swarm", shrunk);
  REQUIRE(minimal_at != std::string::npos);
  auto minimal = output.substr(minimal_at + 11, output.find('\n', minimal_at) - minimal_at - 11);
  CHECK_THAT(minimal, Catch::Contains("/buckets/0/minimal.plan"));
  // Ignoring held leases needs no fault: shrinking says so rather than "N faults -> 0".
  CHECK_THAT(output.substr(shrunk, 40), Catch::StartsWith("shrunk: fails without faults"));
  auto [minimal_rc, minimal_out] = test::shell(minimal + " --no-progress");
  CHECK(minimal_rc == 1);
  CHECK_THAT(minimal_out, Catch::Contains("exclusive-lease                  FAIL"));
  auto [replay_rc, replay] = test::shell(std::string(DETSIM_BINARY) + " replay " + dir +
                                         "/buckets/0/trace.zst");
  CHECK(replay_rc == 0);
  std::filesystem::remove_all(dir);
}

namespace {

/// Nondeterministic on purpose: the process id decides how many nodes it has.
class pid_dependent final : public runtime::scenario {
public:
  explicit pid_dependent(sim::parameters&) {}
  void announce(caf::actor_system_config&) const override {}
  sim::duration length() const override { return std::chrono::milliseconds(1); }
  void setup(runtime::world& w) override {
    struct idle final : runtime::node_actor {
      using runtime::node_actor::node_actor;
      caf::behavior make_behavior() override { return {[](int) {}}; }
    };
    for (int i = 0; i < 1 + getpid() % 3; ++i)
      w.start_node(w.add_node("n" + std::to_string(i), [](runtime::world& world, sim::node_id id) {
        return world.system().spawn<idle>(std::ref(world), id);
      }));
  }
  std::vector<std::string> chaos_targets() const override { return {}; }
  std::vector<runtime::invariant_result> check(runtime::world&) override { return {}; }
  std::vector<runtime::metric> metrics() const override { return {}; }
};

/// Allocates far past any sane limit on every seed.
class memory_hog final : public runtime::scenario {
public:
  explicit memory_hog(sim::parameters&) {}
  void announce(caf::actor_system_config&) const override {}
  sim::duration length() const override { return std::chrono::milliseconds(1); }
  void setup(runtime::world&) override {
    std::vector<char> hog(std::size_t{16} << 30);
    hog[12345] = 1;
  }
  std::vector<std::string> chaos_targets() const override { return {}; }
  std::vector<runtime::invariant_result> check(runtime::world&) override { return {}; }
  std::vector<runtime::metric> metrics() const override { return {}; }
};

} // namespace

TEST_CASE("runs of one seed that differ form the nondeterminism bucket", "[cli][campaign]") {
  auto r = scenarios::builtin_registry();
  r.add({"pid-dependent", "nondeterministic", [](sim::parameters& p) {
           return std::make_unique<pid_dependent>(p);
         }});
  auto c = config_for("pid-dependent", 30);
  c.recheck = 1.0;
  auto dir = fresh_dir("campaign-nondeterminism");
  auto s = run_and_summarize(r, c, dir);
  REQUIRE(s.buckets.size() == 1);
  CHECK(s.buckets[0].signature == "nondeterminism");
  CHECK(s.buckets[0].count > 5);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a run over its memory limit is that run's failure", "[cli][campaign]") {
#ifdef DETSIM_TEST_UNDER_ASAN
  // ASan reserves terabytes of shadow address space: an address-space limit cannot hold.
  WARN("skipped under AddressSanitizer");
  return;
#endif
  auto r = scenarios::builtin_registry();
  r.add({"memory-hog", "allocates 16 GiB", [](sim::parameters& p) {
           return std::make_unique<memory_hog>(p);
         }});
  auto c = config_for("memory-hog", 4);
  c.limits.memory_mb = 4096;
  auto dir = fresh_dir("campaign-memory");
  auto s = run_and_summarize(r, c, dir);
  REQUIRE(s.buckets.size() == 1);
  CHECK(s.buckets[0].signature == "crash:out of memory");
  CHECK(s.buckets[0].count == 4);
  std::filesystem::remove_all(dir);
}

TEST_CASE("failure messages normalize numbers, ids and hex values to N", "[cli][campaign]") {
  CHECK(campaigns::normalize_message("resource-3 granted to agent-17 at 4895747ns until 2.5s.") ==
        "resource-N granted to agent-N at N until N.");
  CHECK(campaigns::normalize_message("learned value 91a904ca15b9f182 but e630102fa8182d2 won") ==
        "learned value N but N won");
  CHECK(campaigns::normalize_message("no digits here, exclusive-lease") == "no digits here, exclusive-lease");
}

namespace campaign_test {

/// A node that waits for nothing.
struct sleeper final : runtime::node_actor {
  using runtime::node_actor::node_actor;
  caf::behavior make_behavior() override { return {[](int) {}}; }
};

/// Every run kills worker-0 (a built-in fault); the invariant fails, under a bucket key of
/// its own, when another worker is killed and at least `kills_needed` kills happened.
class builtin_kill final : public runtime::scenario {
public:
  explicit builtin_kill(sim::parameters& p)
    : kills_needed_(p.take_int("kills_needed", 1, "kills it takes to fail")) {}
  void announce(caf::actor_system_config&) const override {}
  sim::duration length() const override { return std::chrono::milliseconds(200); }
  void setup(runtime::world& w) override {
    for (int i = 0; i < 3; ++i)
      w.spawn_node<sleeper>("worker-" + std::to_string(i), "workers");
  }
  sim::fault_plan builtin_faults() const override {
    return sim::fault_plan::parse("at 5ms kill worker-0", "builtin");
  }
  std::vector<runtime::invariant_result> check(runtime::world& w) override {
    std::vector<std::string> violations;
    std::int64_t kills = 0;
    for (const auto& event : w.lifecycle()) {
      if (event.kind != sim::lifecycle_kind::kill)
        continue;
      ++kills;
      if (w.network().name(event.node) != "worker-0")
        violations.push_back(w.network().name(event.node) + " was killed at " +
                             sim::format_duration(event.time));
    }
    if (kills < kills_needed_)
      violations.clear();
    return {runtime::verdict("only-worker-0-dies", violations, "another worker was killed")};
  }
  std::vector<runtime::metric> metrics() const override { return {}; }

private:
  std::int64_t kills_needed_;
};

} // namespace campaign_test

namespace {

runtime::registry builtin_kill_registry() {
  auto r = test_registry();
  r.add({"builtin-kill", "kills worker-0 by itself",
         [](sim::parameters& p) { return std::make_unique<campaign_test::builtin_kill>(p); }});
  return r;
}

/// Runs a shrunk plan as its reproduce line does (--exact-faults).
harness::run_outcome run_exactly(const runtime::registry& r, const campaigns::campaign_config& c,
                                 std::uint64_t seed, const std::string& plan) {
  auto spec = c.spec_for(seed);
  spec.chaos.clear();
  spec.faults = plan;
  spec.plan_is_final = true;
  return harness::execute(r, spec);
}

} // namespace

TEST_CASE("shrinking can drop a scenario's built-in faults, and the minimal plan is what runs",
          "[cli][campaign]") {
  auto r = builtin_kill_registry();
  auto dir = fresh_dir("campaign-builtin");
  auto c = config_for("builtin-kill", 10);
  c.chaos = "kill-rate=30/s,restart-after=20ms";
  auto s = run_and_summarize(r, c, dir);
  REQUIRE(s.buckets.size() == 1);
  auto& b = s.buckets.front();
  // The violation's own bucket key, behind the invariant's name: no numbers, no node names.
  CHECK(b.signature == "invariant:only-worker-0-dies: another worker was killed");
  auto plan = sim::fault_plan::parse(b.plan, "journal");
  CHECK_THAT(b.plan, Catch::Contains("at 5ms kill worker-0"));
  auto result = campaigns::shrink_faults(r, c, b.smallest_seed, b.plan, b.signature);
  CHECK(result.confirmed);
  CHECK(result.minimal_faults == 1); // one kill of another worker; worker-0's is gone
  CHECK_THAT(result.minimal_plan, !Catch::Contains("worker-0"));
  auto outcome = run_exactly(r, c, b.smallest_seed, result.minimal_plan);
  CHECK(outcome.plan.size() == 1);
  CHECK_FALSE(outcome.passed());
  std::filesystem::remove_all(dir);
}

TEST_CASE("a built-in fault the failure needs stays in the minimal plan", "[cli][campaign]") {
  auto r = builtin_kill_registry();
  auto dir = fresh_dir("campaign-builtin-needed");
  auto c = config_for("builtin-kill", 10);
  c.parameters = {"kills_needed=2"};
  c.chaos = "kill-rate=30/s,restart-after=20ms";
  auto s = run_and_summarize(r, c, dir);
  REQUIRE(s.buckets.size() == 1);
  auto& b = s.buckets.front();
  auto result = campaigns::shrink_faults(r, c, b.smallest_seed, b.plan, b.signature);
  CHECK(result.confirmed);
  // Two kills are needed. Were the built-in kill added to every trial, one chaos kill
  // would seem enough: the minimal plan alone would then pass.
  CHECK(result.minimal_faults >= 2);
  auto outcome = run_exactly(r, c, b.smallest_seed, result.minimal_plan);
  CHECK(outcome.plan.size() == result.minimal_faults);
  CHECK_FALSE(outcome.passed());
  std::filesystem::remove_all(dir);
}

TEST_CASE("a final plan reproduces with --exact-faults and without its chaos spec", "[cli]") {
  auto spec = test::small_swarm(3);
  spec.chaos = "kill-rate=5/s";
  spec.faults = "at 10ms kill resource-1";
  spec.plan_is_final = true;
  auto line = harness::reproduce_line(spec, test::run(spec));
  CHECK_THAT(line, Catch::EndsWith("--faults 'at 10ms kill resource-1' --exact-faults"));
  auto [rc, output] = test::shell(std::string(DETSIM_BINARY) +
                                  " run swarm --exact-faults --chaos kill-rate=1");
  CHECK(rc == 2);
  CHECK_THAT(output, Catch::Contains("--exact-faults runs the plan as given"));
}
