// tests/numbers_test.cpp: the strict number parsers every user-facing number goes through.
#include "detsim/sim/numbers.hpp"

#include <string>

#include <catch2/catch.hpp>

using namespace detsim;

TEST_CASE("unsigned numbers are whole decimal text within 64 bits", "[sim][numbers]") {
  CHECK(sim::parse_unsigned("010") == 10u);
  CHECK(sim::parse_unsigned("18446744073709551615") == 18446744073709551615ull);
  for (auto bad : {"", "-1", " 5", "+5", "0x10", "5 ", "18446744073709551616", "1e3", "nan"})
    CHECK_FALSE(sim::parse_unsigned(bad));
}

TEST_CASE("integers take a minus sign and nothing else", "[sim][numbers]") {
  CHECK(sim::parse_integer("-42") == -42);
  CHECK(sim::parse_integer("9223372036854775807") == INT64_MAX);
  for (auto bad : {"", "-", "+1", " 1", "4294967297x", "9223372036854775808", "١٢"})
    CHECK_FALSE(sim::parse_integer(bad));
}

TEST_CASE("finite numbers refuse NaN, infinity, spaces and plus signs", "[sim][numbers]") {
  CHECK(sim::parse_finite("1.5") == 1.5);
  CHECK(sim::parse_finite("-2e3") == -2000.0);
  CHECK(sim::parse_finite(".5") == 0.5);
  for (auto bad : {"", "nan", "inf", "-inf", "1e400", " 1", "+1", "1.5.2", "0x1p3 ", "0x10", "0x1p3"})
    CHECK_FALSE(sim::parse_finite(bad));
}

TEST_CASE("numbers with an embedded NUL are refused, not cut at it", "[sim][numbers]") {
  const std::string with_nul{"12\0" "34", 5};
  CHECK_FALSE(sim::parse_unsigned(with_nul));
  CHECK_FALSE(sim::parse_integer(with_nul));
  CHECK_FALSE(sim::parse_finite(with_nul));
}

TEST_CASE("metrics print counts whole with separators and small values to four digits",
          "[sim][numbers]") {
  CHECK(sim::format_number(1e7) == "10,000,000");
  CHECK(sim::format_number(140770.4) == "140,770");
  CHECK(sim::format_number(999) == "999");
  CHECK(sim::format_number(0) == "0");
  CHECK(sim::format_number(-12345) == "-12,345");
  CHECK(sim::format_number(25.599) == "25.6");
  CHECK(sim::format_number(0.012345) == "0.01235");
  CHECK(sim::format_number(1e20) == "1e+20");
  CHECK(sim::format_number(std::nan("")) == "nan");
}
