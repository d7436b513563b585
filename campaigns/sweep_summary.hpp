// campaigns/sweep_summary.hpp: a sweep's results per grid point: how many runs passed, and each
// metric's mean, min and max over the seeds; as a terminal table, CSV and JSON.
#pragma once

#include "detsim/campaigns/isolated_run.hpp"
#include "detsim/campaigns/sweep_axes.hpp"

#include <string>
#include <vector>

namespace detsim::campaigns {

struct metric_stats {
  std::string name;
  double mean = 0;
  double min = 0;
  double max = 0;
  std::size_t count = 0; ///< seeds where the metric was defined
};

struct point_result {
  sweep_point values;
  std::size_t runs = 0;
  std::size_t passed = 0;
  std::string first_failure; ///< the first failing run's message, with its seed
  std::vector<metric_stats> metrics; ///< in the scenario's order
};

/// Groups records by grid point (record index / seeds per point).
std::vector<point_result> summarize_sweep(const std::vector<sweep_point>& points, std::uint64_t seeds,
                                    const std::vector<run_record>& records);

/// A fixed-width table: swept parameters, passed/runs, then the means of `metrics`
/// (all of them if empty) with the min-max spread where seeds differ. Throws
/// sim::input_error naming a metric no run reported.
std::string sweep_table(const std::vector<point_result>& results,
                       const std::vector<std::string>& metrics);
std::string sweep_csv(const std::vector<point_result>& results);
/// A metric value for people: whole numbers and values from 10^4 whole, others to 4
/// significant digits, "-" if NaN.
std::string format_metric(double value);
std::string sweep_json(const std::vector<point_result>& results);

} // namespace detsim::campaigns
