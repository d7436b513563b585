// tests/golden_test.cpp: small traces checked into tests/golden/ must replay identically,
// so a refactor that changes behaviour cannot slip by. Regenerate with
// scripts/update-golden.sh only when a change alters behaviour on purpose, and say so.
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
    auto result = harness::replay_trace(scenarios::builtin_registry(), path);
    if (result.divergence)
      FAIL_CHECK("diverged at " << result.divergence->index << "\n  expected "
                                << result.divergence->expected << "\n  actual   "
                                << result.divergence->actual);
    CHECK(result.compared > 1000);
  }
}
