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
  __int128 whole = 0; // 128 bits: "9223372036854775807ns" must fit on its way in
  std::int64_t fraction = 0;
  std::int64_t fraction_scale = 1;
  bool any_digit = false;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
    whole = whole * 10 + (text[pos++] - '0');
    if (whole > INT64_MAX)
      return std::nullopt;
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
  // 128-bit arithmetic: "0.999999999m" must not overflow on its way to 59.99999994 s.
  __int128 total = whole * *unit +
                   static_cast<__int128>(fraction) * *unit / fraction_scale;
  if (total > INT64_MAX)
    return std::nullopt;
  return duration{static_cast<std::int64_t>(total)};
}

std::string format_duration(duration d) {
  const std::int64_t ns = d.count();
  if (ns == 0)
    return "0s";
  struct unit {
    std::int64_t size;
    const char* name;
  };
  const unit units[] = {{1'000'000'000, "s"}, {1'000'000, "ms"}, {1'000, "us"}};
  for (auto u : units)
    if (ns % u.size == 0)
      return std::to_string(ns / u.size) + u.name;
  // Not a whole number of any unit: the largest unit it reaches, with every digit that
  // matters after the point ("1.730426642s"), so that parsing gives back the same time.
  for (auto u : units)
    if (ns >= u.size || ns <= -u.size) {
      auto magnitude = ns < 0 ? -ns : ns;
      auto digits = std::to_string(magnitude % u.size);
      digits.insert(0, std::to_string(u.size).size() - 1 - digits.size(), '0');
      digits.erase(digits.find_last_not_of('0') + 1);
      return (ns < 0 ? "-" : "") + std::to_string(magnitude / u.size) + "." + digits + u.name;
    }
  return std::to_string(ns) + "ns";
}

} // namespace detsim::sim
