// sim/time.cpp: duration parsing and formatting with integer arithmetic only.
#include "detsim/sim/time.hpp"

#include <cctype>

namespace detsim::sim {

namespace {

std::optional<std::int64_t> unit_in_nanoseconds(std::string_view unit) {
  if (unit == "ns")
    return 1;
  if (unit == "us")
    return 1'000;
  if (unit == "ms")
    return 1'000'000;
  if (unit == "s")
    return 1'000'000'000;
  if (unit == "m")
    return 60'000'000'000;
  if (unit == "h")
    return 3'600'000'000'000;
  return std::nullopt;
}

} // namespace

std::optional<duration> parse_duration(std::string_view text) {
  std::size_t pos = 0;
  std::int64_t whole = 0;
  std::int64_t fraction = 0;
  std::int64_t fraction_scale = 1;
  bool any_digit = false;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
    if (whole > 1'000'000'000'000)
      return std::nullopt;
    whole = whole * 10 + (text[pos++] - '0');
    any_digit = true;
  }
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      if (fraction_scale < 1'000'000'000) {
        fraction = fraction * 10 + (text[pos] - '0');
        fraction_scale *= 10;
      }
      ++pos;
      any_digit = true;
    }
  }
  if (!any_digit)
    return std::nullopt;
  auto unit = unit_in_nanoseconds(text.substr(pos));
  if (!unit)
    return std::nullopt;
  if (whole > INT64_MAX / *unit)
    return std::nullopt;
  return duration{whole * *unit + fraction * *unit / fraction_scale};
}

std::string format_duration(duration d) {
  const std::int64_t ns = d.count();
  if (ns == 0)
    return "0s";
  struct unit {
    std::int64_t size;
    const char* name;
  };
  for (auto u : {unit{1'000'000'000, "s"}, unit{1'000'000, "ms"}, unit{1'000, "us"}})
    if (ns % u.size == 0)
      return std::to_string(ns / u.size) + u.name;
  return std::to_string(ns) + "ns";
}

} // namespace detsim::sim
