// campaigns/sweep_axes.hpp: what a sweep varies. `--param k=v1,v2,...` lists values, `k=lo..hi:xF`
// multiplies from lo by F up to hi, `k=lo..hi:+S` adds S; a single value fixes k. A profile file
// holds one k=v a line ('#' comments). The grid is every combination.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace detsim::campaigns {

struct axis {
  std::string name;
  std::vector<std::string> values; ///< as given or generated, in sweep order
};

/// Parses one --param item; throws sim::input_error naming it. At most `max_values`.
axis parse_axis(const std::string& item);

/// The k=v lines of a profile file; throws sim::input_error naming the file and line.
std::vector<std::string> read_profile(const std::string& path);

/// One grid point: a value for every axis, in axis order.
using sweep_point = std::vector<std::pair<std::string, std::string>>;

/// Every combination, the first axis varying slowest; throws input_error past max_points.
std::vector<sweep_point> grid(const std::vector<axis>& axes);

constexpr std::size_t max_values = 10'000;
constexpr std::size_t max_points = 100'000;

/// A numeric value as the sweep prints and passes it: integers without a point, others
/// with up to 12 significant digits.
std::string format_value(double value);

} // namespace detsim::campaigns
