// tests/realtime_test.cpp: every built-in scenario runs unchanged under the realtime engine
// (CAF's threads, the wall clock), faults land at their wall time, and what a realtime run
// cannot do (a replayable trace) is refused with one line.
#include "test_support.hpp"

#include <catch2/catch.hpp>

namespace {

harness::run_spec realtime_spec(const std::string& scenario, std::vector<std::string> parameters) {
  harness::run_spec spec;
  spec.scenario = scenario;
  spec.parameters = std::move(parameters);
  spec.realtime = true;
  spec.threads = 2;
  return spec;
}

} // namespace

TEST_CASE("every built-in scenario runs under the realtime engine for its wall-clock duration",
          "[engines][realtime]") {
  auto registry = scenarios::builtin_registry();
  for (const auto& info : registry.all()) {
    CAPTURE(info.name);
    std::vector<std::string> parameters{"duration=400ms"};
    if (info.name == "swarm")
      parameters = {"duration=400ms", "agents=200", "resources=10"};
    // These end the run when their work is done (within ~0.3 s here).
    bool ends_when_done = info.name == "inference" || info.name == "helios-mcts" ||
                          info.name == "helios-timetravel";
    if (info.name == "inference")
      parameters = {"duration=400ms", "request_overhead=1ms", "prefill_tokens_per_s=100000",
                    "decode_tokens_per_s=2000"};
    if (info.name == "helios-mcts")
      parameters = {"duration=400ms", "trees=20", "sims_per_move=40"};
    if (info.name == "helios-timetravel")
      parameters = {"duration=400ms", "games=4", "moves=10", "variations=3", "jumps=10"};
    if (info.name == "phold")
      parameters = {"duration=400ms", "lps=50", "population=2"};
    if (info.name == "helios-muzero")
      parameters = {"duration=400ms", "envs=8"};
    if (info.name == "helios-chaos")
      parameters = {"duration=300ms", "quiet=100ms", "clients=2", "default_chaos=false"};
    // The recovery run lasts as long as its writes, its crash and its restart take.
    if (info.name == "helios-recovery")
      parameters = {"states=4000", "batch=100", "interval=2ms", "restart_after=320ms"};
    auto outcome = test::run(realtime_spec(info.name, parameters));
    CHECK(outcome.passed());
    CHECK(outcome.stats.deliveries > 0);
    CHECK((ends_when_done ? outcome.stats.wall_seconds < 0.3 : outcome.stats.wall_seconds >= 0.4));
    CHECK(outcome.stats.wall_seconds < 2.0);
  }
}

TEST_CASE("a kill in the plan happens at its wall-clock time under the realtime engine",
          "[engines][realtime]") {
  auto quiet = test::run(realtime_spec("swarm", {"duration=500ms", "agents=100", "resources=5"}));
  auto spec = realtime_spec("swarm", {"duration=500ms", "agents=100", "resources=5"});
  spec.faults = "at 200ms kill resource-*";
  auto killed = test::run(spec);
  CHECK(test::metric(quiet, "timeouts") == 0);
  CHECK(test::metric(killed, "timeouts") > 0); // requests to dead resources time out
  CHECK(test::metric(killed, "grants") < test::metric(quiet, "grants"));
}

TEST_CASE("a realtime run refuses to write a trace it could never replay", "[engines][realtime]") {
  auto spec = realtime_spec("swarm", {"duration=100ms", "agents=10"});
  spec.trace_path = test::temp_path("realtime.zst");
  CHECK_THROWS_WITH(test::run(spec), Catch::Contains("cannot be replayed"));
}
