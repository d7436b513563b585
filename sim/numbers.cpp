// sim/numbers.cpp: strict wrappers around strtoull, strtoll and strtod, which on their
// own skip leading white space, take '+' signs and wrap "-1" to 2^64 - 1.
#include "detsim/sim/numbers.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
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

} // namespace detsim::sim
