// tests/time_test.cpp: duration parsing and printing.
#include "detsim/sim/time.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace detsim;

TEST_CASE("durations parse with units and fractions", "[sim][time]") {
  CHECK(sim::parse_duration("10s")->count() == 10'000'000'000);
  CHECK(sim::parse_duration("250ms")->count() == 250'000'000);
  CHECK(sim::parse_duration("1.5s")->count() == 1'500'000'000);
  CHECK(sim::parse_duration("20us")->count() == 20'000);
  CHECK(sim::parse_duration("7ns")->count() == 7);
  CHECK(sim::parse_duration("2m")->count() == 120'000'000'000);
}

TEST_CASE("malformed durations are rejected", "[sim][time]") {
  for (auto bad : {"", "s", "10", "10 s", "-1s", "1.2.3s", "5 parsecs", "1x", "99999999999999999999s"})
    CHECK_FALSE(sim::parse_duration(bad));
}

TEST_CASE("durations print in their shortest exact unit", "[sim][time]") {
  CHECK(sim::format_duration(sim::duration{10'000'000'000}) == "10s");
  CHECK(sim::format_duration(sim::duration{1'500'000'000}) == "1500ms");
  CHECK(sim::format_duration(sim::duration{7}) == "7ns");
  CHECK(sim::format_duration(sim::duration{0}) == "0s");
}

TEST_CASE("odd durations print in human units and parse back exactly", "[sim][time]") {
  CHECK(sim::format_duration(sim::duration{1'730'426'642}) == "1.730426642s");
  CHECK(sim::format_duration(sim::duration{12'345'678}) == "12.345678ms");
  CHECK(sim::format_duration(sim::duration{5'432}) == "5.432us");
  CHECK(sim::format_duration(sim::duration{2'000'000'001}) == "2.000000001s");
  for (std::int64_t ns : {1'730'426'642LL, 12'345'678LL, 5'432LL, 2'000'000'001LL, 999LL,
                          9'223'372'036'854'775'807LL,
                          9'223'372'036'252'300'000LL}) // prints in us, 19 digits
    CHECK(sim::parse_duration(sim::format_duration(sim::duration{ns}))->count() == ns);
}

TEST_CASE("fractions of large units do not overflow", "[sim][time]") {
  CHECK(sim::parse_duration("0.999999999m")->count() == 59'999'999'940);
  CHECK(sim::parse_duration("0.5h")->count() == 1'800'000'000'000);
  CHECK_FALSE(sim::parse_duration("9223372036.9s"));
}

TEST_CASE("delays computed in floating point are clamped, never overflow", "[sim][time]") {
  CHECK(sim::clamp_delay(1500.7) == sim::duration{1500});
  CHECK(sim::clamp_delay(-3) == sim::duration{0});
  CHECK(sim::clamp_delay(9.7e21) == sim::max_model_delay);
  CHECK(sim::clamp_delay(std::nan("")) == sim::max_model_delay);
}
