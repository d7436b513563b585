// tests/golden_test.cpp: small traces checked into tests/golden/ must replay identically,
// so a refactor that changes behaviour cannot slip by. Regenerate with
// scripts/update-golden.sh only when a change alters behaviour on purpose, and say so.
#include "detsim/replays/trace_reader.hpp"
#include "detsim/scenarios/builtin.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace detsim;

TEST_CASE("every golden trace replays identically", "[replays][golden]") {
  std::vector<std::string> traces;
  for (auto& entry : std::filesystem::directory_iterator(DETSIM_SOURCE_DIR "/tests/golden"))
    if (entry.path().extension() == ".zst")
      traces.push_back(entry.path().string());
  std::sort(traces.begin(), traces.end());
  REQUIRE(traces.size() >= 3);
  for (auto& path : traces) {
    CAPTURE(path);
    if (replays::trace_reader{path}.header().run_rules != sim::run_rules)
      continue; // older rules: the test below
    auto result = harness::replay_trace(scenarios::builtin_registry(), path);
    if (result.divergence)
      FAIL_CHECK("diverged at " << result.divergence->index << "\n  expected "
                                << result.divergence->expected << "\n  actual   "
                                << result.divergence->actual);
    CHECK(result.compared > 1000);
  }
}

TEST_CASE("a trace made under older run rules is still read, and replay refuses it by name",
          "[replays][golden]") {
  // Written by detsim 0.1 in trace format 1: every event still decodes, but the engine's
  // rules changed since, so replaying it would diverge at once; replay says why instead.
  const std::string path = DETSIM_SOURCE_DIR "/tests/golden/format1-swarm-quiet.zst";
  replays::trace_reader reader{path};
  CHECK(reader.header().format_version == 1);
  CHECK(reader.header().run_rules == 1);
  std::size_t events = 0;
  for (sim::trace_event event; reader.next(event);)
    ++events;
  CHECK(events > 1000);
  CHECK_THROWS_WITH(harness::replay_trace(scenarios::builtin_registry(), path),
                    Catch::Contains("under run rules 1") &&
                      Catch::Contains("record it again with this one"));
}
