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

} // namespace

std::optional<std::uint64_t> parse_unsigned(const std::string& text) {
  if (!starts_with_digit(text))
    return std::nullopt;
  errno = 0;
  char* end = nullptr;
  auto value = std::strtoull(text.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE)
    return std::nullopt;
  return value;
}

std::optional<std::int64_t> parse_integer(const std::string& text) {
  if (!starts_with_digit(text, text.size() > 0 && text[0] == '-' ? 1 : 0))
    return std::nullopt;
  errno = 0;
  char* end = nullptr;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE)
    return std::nullopt;
  return value;
}

std::optional<double> parse_finite(const std::string& text) {
  std::size_t first = text.size() > 0 && text[0] == '-' ? 1 : 0;
  if (!starts_with_digit(text, first) && !(first < text.size() && text[first] == '.'))
    return std::nullopt; // also refuses "nan", "inf", " 1" and "+1"
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (*end != '\0' || !std::isfinite(value))
    return std::nullopt;
  return value;
}

} // namespace detsim::sim
