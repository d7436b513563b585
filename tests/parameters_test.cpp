// tests/parameters_test.cpp: strict scenario parameters.
#include "detsim/sim/parameters.hpp"

#include <catch2/catch.hpp>

using namespace detsim;

TEST_CASE("parameters take given values and report non-defaults", "[sim][parameters]") {
  auto p = sim::parameters::parse({"agents=50", "duration=2s"});
  CHECK(p.take_int("agents", 10, "") == 50);
  CHECK(p.take_duration("duration", std::chrono::seconds(1), "").count() == 2'000'000'000);
  CHECK(p.take_bool("persist", true, "") == true);
  CHECK_NOTHROW(p.reject_unknown("x"));
  CHECK(p.non_default().size() == 2);
  CHECK(p.effective().at("persist") == "true");
}

TEST_CASE("unknown and malformed parameters are errors", "[sim][parameters]") {
  auto p = sim::parameters::parse({"agentz=5"});
  p.take_int("agents", 10, "");
  CHECK_THROWS_WITH(p.reject_unknown("swarm"),
                    Catch::Contains("unknown parameter 'agentz' for scenario swarm"));
  auto q = sim::parameters::parse({"agents=ten"});
  CHECK_THROWS_AS(q.take_int("agents", 10, ""), sim::input_error);
  CHECK_THROWS_AS(sim::parameters::parse({"novalue"}), sim::input_error);
  CHECK_THROWS_AS(sim::parameters::parse({"a=1", "a=2"}), sim::input_error);
  auto r = sim::parameters::parse({"duration=soon"});
  CHECK_THROWS_WITH(r.take_duration("duration", std::chrono::seconds(1), ""),
                    Catch::Contains("not a duration"));
}
