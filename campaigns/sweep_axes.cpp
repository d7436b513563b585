// campaigns/sweep_axes.cpp: value lists, geometric and arithmetic ranges, profiles, the grid.
#include "detsim/campaigns/sweep_axes.hpp"

#include "detsim/sim/numbers.hpp"
#include "detsim/sim/parameters.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>

namespace detsim::campaigns {

namespace {

[[noreturn]] void refuse(const std::string& item, const std::string& why) {
  throw sim::input_error("--param '" + item + "': " + why);
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string::npos)
      return parts;
    start = end + 1;
  }
}

/// "lo..hi:xF" or "lo..hi:+S" as values; false if `text` is not a range.
bool expand_range(const std::string& item, const std::string& text, std::vector<std::string>& out) {
  auto dots = text.find("..");
  if (dots == std::string::npos)
    return false;
  auto colon = text.find(':', dots);
  if (colon == std::string::npos || colon + 2 > text.size())
    refuse(item, "a range needs a step: lo..hi:xF (times F) or lo..hi:+S (plus S)");
  auto lo = sim::parse_finite(text.substr(0, dots));
  auto hi = sim::parse_finite(text.substr(dots + 2, colon - dots - 2));
  auto step = sim::parse_finite(text.substr(colon + 2));
  char kind = text[colon + 1];
  if (!lo || !hi || !step || (kind != 'x' && kind != '+'))
    refuse(item, "expected lo..hi:xF or lo..hi:+S with decimal numbers");
  if (*hi < *lo)
    refuse(item, "the range ends before it starts");
  if (kind == 'x' && !(*step > 1 && *lo > 0))
    refuse(item, "a geometric range needs lo > 0 and a factor above 1");
  if (kind == '+' && !(*step > 0))
    refuse(item, "an arithmetic range needs a step above 0");
  // Values are computed from their index, not accumulated, so hi is hit exactly.
  for (std::size_t i = 0;; ++i) {
    double value = kind == 'x' ? *lo * std::pow(*step, static_cast<double>(i))
                               : *lo + *step * static_cast<double>(i);
    if (value > *hi * (1 + 1e-12))
      break;
    if (out.size() == max_values)
      refuse(item, "more than " + std::to_string(max_values) + " values");
    out.push_back(format_value(value));
  }
  return true;
}

} // namespace

std::string format_value(double value) {
  if (std::abs(value) < 1e15 && value == std::round(value))
    return std::to_string(static_cast<long long>(value));
  char text[32];
  std::snprintf(text, sizeof text, "%.12g", value);
  return text;
}

axis parse_axis(const std::string& item) {
  auto eq = item.find('=');
  if (eq == std::string::npos || eq == 0)
    refuse(item, "expected key=value, key=v1,v2,... or key=lo..hi:xF");
  axis a;
  a.name = item.substr(0, eq);
  auto text = item.substr(eq + 1);
  if (!expand_range(item, text, a.values)) {
    a.values = split(text, ',');
    if (a.values.size() > max_values)
      refuse(item, "more than " + std::to_string(max_values) + " values");
  }
  for (const auto& v : a.values)
    if (v.empty())
      refuse(item, "an empty value");
  return a;
}

std::vector<std::string> read_profile(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw sim::input_error("--params '" + path + "': cannot read the file");
  std::vector<std::string> items;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    line = line.substr(0, line.find('#'));
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos)
      continue;
    auto last = line.find_last_not_of(" \t\r");
    line = line.substr(first, last - first + 1);
    auto eq = line.find('=');
    if (eq == std::string::npos || eq == 0 || line.find_first_of(" \t") < eq)
      throw sim::input_error("--params '" + path + "' line " + std::to_string(number) +
                             ": expected key=value, found '" + line + "'");
    items.push_back(line);
  }
  return items;
}

std::vector<sweep_point> grid(const std::vector<axis>& axes) {
  std::size_t total = 1;
  for (const auto& a : axes) {
    total *= a.values.size();
    if (total > max_points)
      throw sim::input_error("the sweep has more than " + std::to_string(max_points) +
                             " points");
  }
  std::vector<sweep_point> points(total);
  for (std::size_t i = 0; i < total; ++i) {
    auto rest = i;
    points[i].resize(axes.size());
    for (std::size_t k = axes.size(); k-- > 0;) {
      const auto& a = axes[k];
      points[i][k] = {a.name, a.values[rest % a.values.size()]};
      rest /= a.values.size();
    }
  }
  return points;
}

} // namespace detsim::campaigns
