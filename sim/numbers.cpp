// sim/numbers.cpp: strict wrappers around strtoull, strtoll and strtod, which on their
// own skip leading white space, take '+' signs and wrap "-1" to 2^64 - 1.
#include "detsim/sim/numbers.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace detsim::sim {

namespace {

bool starts_with_digit(const std::string& text, std::size_t at = 0) {
  return at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]));
}

/// Whether strto* stopped at the very end (not at an embedded NUL).
bool consumed_all(const std::string& text, const char* end) {
  return end == text.c_str() + text.size();
}

} // namespace

std::optional<std::uint64_t> parse_unsigned(const std::string& text) {
  if (!starts_with_digit(text))
    return std::nullopt;
  errno = 0;
  char* end = nullptr;
  auto value = std::strtoull(text.c_str(), &end, 10);
  if (!consumed_all(text, end) || errno == ERANGE)
    return std::nullopt;
  return value;
}

std::optional<std::int64_t> parse_integer(const std::string& text) {
  if (!starts_with_digit(text, text.size() > 0 && text[0] == '-' ? 1 : 0))
    return std::nullopt;
  errno = 0;
  char* end = nullptr;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (!consumed_all(text, end) || errno == ERANGE)
    return std::nullopt;
  return value;
}

std::optional<double> parse_finite(const std::string& text) {
  std::size_t first = text.size() > 0 && text[0] == '-' ? 1 : 0;
  if (!starts_with_digit(text, first) && !(first < text.size() && text[first] == '.'))
    return std::nullopt; // also refuses "nan", "inf", " 1" and "+1"
  // Decimal only: strtod would also read hexadecimal ("0x1p3").
  if (text.find_first_not_of("0123456789.eE+-") != std::string::npos)
    return std::nullopt;
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (!consumed_all(text, end) || !std::isfinite(value))
    return std::nullopt;
  return value;
}

std::optional<std::uint64_t> parse_size(const std::string& text) {
  auto unit_at = text.find_first_not_of("0123456789.");
  auto number = parse_finite(text.substr(0, unit_at));
  if (!number || *number < 0)
    return std::nullopt;
  std::string unit = unit_at == std::string::npos ? "" : text.substr(unit_at);
  double scale = 1;
  if (!unit.empty() && unit != "B") {
    const std::string prefixes = "KMGT";
    auto power = prefixes.find(unit[0]);
    auto rest = unit.substr(1);
    if (power == std::string::npos || !(rest.empty() || rest == "B" || rest == "iB"))
      return std::nullopt;
    scale = std::ldexp(1.0, 10 * static_cast<int>(power + 1));
  }
  double bytes = std::round(*number * scale);
  if (!(bytes < 0x1p64))
    return std::nullopt;
  return static_cast<std::uint64_t>(bytes);
}

std::string format_size(std::uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 6) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  return text;
}

std::string format_number(double value) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value > 0 ? "inf" : "-inf";
  if (std::abs(value) >= 1e18 || (std::abs(value) < 1e4 && value != std::round(value))) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", value);
    return text;
  }
  auto whole = static_cast<long long>(std::llround(std::abs(value)));
  auto digits = std::to_string(whole);
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0)
      grouped += ',';
    grouped += digits[i];
  }
  return (value < 0 && whole != 0 ? "-" : "") + grouped;
}

} // namespace detsim::sim
