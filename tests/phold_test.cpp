// tests/phold_test.cpp: the PHOLD benchmark scenario keeps its population and its clock.
#include "test_support.hpp"

#include <catch2/catch.hpp>

TEST_CASE("PHOLD keeps lps x population events in flight and delivers none early, five seeds",
          "[phold]") {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    auto outcome = test::run_scenario("phold", seed, {"lps=200", "population=5", "duration=50ms"});
    CHECK(outcome.passed());
    CHECK(test::invariant_passed(outcome, "events-conserved"));
    CHECK(test::invariant_passed(outcome, "no-event-early"));
    CHECK(test::metric(outcome, "population_total") == 1000);
    // Each event lives lookahead + mean delay (1.1 ms) on average: ~1000 x 50 / 1.1 events.
    auto events = test::metric(outcome, "events");
    CHECK(events > 0.9 * 1000 * 50 / 1.1);
    CHECK(events < 1.1 * 1000 * 50 / 1.1);
  }
}

TEST_CASE("PHOLD refuses impossible parameters with one line", "[phold][cli]") {
  CHECK_THROWS_WITH(test::run_scenario("phold", 1, {"lps=0"}), Catch::Contains("lps must be between"));
  CHECK_THROWS_WITH(test::run_scenario("phold", 1, {"remote=1.5"}), Catch::Contains("remote must be"));
  CHECK_THROWS_WITH(test::run_scenario("phold", 1, {"lookahead=0s"}), Catch::Contains("lookahead must be positive"));
}
