// fuzz/numbers_fuzzer.cpp: every number and duration a user types (--seed, --param,
// plan times, chaos rates) goes through sim/numbers and sim/time. Each parser accepts
// exactly its documented grammar, never a value it cannot represent, and a duration
// prints back to the same duration. Parameters built from the same text obey the same.
#include "fuzz_support.hpp"

#include "detsim/sim/numbers.hpp"
#include "detsim/sim/parameters.hpp"
#include "detsim/sim/time.hpp"

#include <cmath>
#include <regex>

using namespace detsim;

namespace {

const std::regex unsigned_grammar{"[0-9]+"};
const std::regex integer_grammar{"-?[0-9]+"};
const std::regex decimal_grammar{R"(-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?)"};
const std::regex duration_grammar{R"(([0-9]+\.?[0-9]*|\.[0-9]+)(ns|us|ms|s|m|h))"};

bool matches(const std::string& text, const std::regex& grammar) {
  return std::regex_match(text, grammar);
}

std::string strip_leading_zeros(std::string digits) {
  auto first = digits.find_first_not_of('0');
  return first == std::string::npos ? "0" : digits.substr(first);
}

void check_numbers(const std::string& text) {
  if (auto value = sim::parse_unsigned(text)) {
    fuzz::require(matches(text, unsigned_grammar), "parse_unsigned accepted '" + text + "'");
    fuzz::require(std::to_string(*value) == strip_leading_zeros(text),
                  "parse_unsigned('" + text + "') gave " + std::to_string(*value));
  }
  if (auto value = sim::parse_integer(text)) {
    fuzz::require(matches(text, integer_grammar), "parse_integer accepted '" + text + "'");
    bool negative = text[0] == '-';
    auto magnitude = strip_leading_zeros(text.substr(negative ? 1 : 0));
    auto expected = (negative && magnitude != "0" ? "-" : "") + magnitude;
    fuzz::require(std::to_string(*value) == expected,
                  "parse_integer('" + text + "') gave " + std::to_string(*value));
  }
  if (auto value = sim::parse_finite(text)) {
    fuzz::require(matches(text, decimal_grammar),
                  "parse_finite accepted '" + text + "'");
    fuzz::require(std::isfinite(*value), "parse_finite('" + text + "') is not finite");
  }
  if (auto value = sim::parse_duration(text)) {
    fuzz::require(matches(text, duration_grammar),
                  "parse_duration accepted '" + text + "'");
    fuzz::require(value->count() >= 0, "parse_duration('" + text + "') is negative");
    auto printed = sim::format_duration(*value);
    auto again = sim::parse_duration(printed);
    fuzz::require(again && *again == *value,
                  "duration '" + text + "' prints as '" + printed + "', which reads back otherwise");
  }
}

/// The same text as a parameter of each kind: a value or one input_error, never another
/// exception and never a negative duration.
void check_parameters(const std::string& text) {
  auto take = [&](auto&& read) {
    try {
      auto params = sim::parameters::parse({"x=" + text});
      read(params);
      params.reject_unknown("fuzz");
    } catch (const sim::input_error&) {
    }
  };
  take([](sim::parameters& p) { p.take_int("x", 1, ""); });
  take([](sim::parameters& p) {
    fuzz::require(std::isfinite(p.take_double("x", 1, "")), "take_double gave a non-finite value");
  });
  take([](sim::parameters& p) { p.take_bool("x", true, ""); });
  take([](sim::parameters& p) {
    fuzz::require(p.take_duration("x", sim::duration{1}, "").count() >= 0,
                  "take_duration gave a negative duration");
  });
  take([](sim::parameters& p) { p.take_choice("x", "a", {"a", "b"}, ""); });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 256)
    return 0; // numbers are short; long inputs only slow the search down
  auto text = fuzz::as_text(data, size);
  check_numbers(text);
  check_parameters(text);
  return 0;
}
