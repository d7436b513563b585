// campaigns/sweep_search.hpp: --search k=lo..hi --until COND: bisection for the largest value of k
// whose runs (every seed) meet a condition on a metric ("latency_p99_ms<=50") or on the verdict
// ("verdict=pass"), assuming that beyond some value they stop meeting it.
#pragma once

#include "detsim/campaigns/job_pool.hpp"
#include "detsim/campaigns/sweep.hpp"

#include <functional>
#include <string>
#include <vector>

namespace detsim::campaigns {

struct search_condition {
  std::string metric;     ///< "verdict" for the verdict
  std::string comparison; ///< "<", "<=", ">", ">=", "="
  double goal = 0;
  /// Whether one run's record meets it (a failed run meets only verdict conditions on fail).
  bool met_by(const run_record& record) const;
  std::string text() const;
};

/// Parses "METRIC<=X" (also <, >, >=, =) or "verdict=pass"; throws sim::input_error.
search_condition parse_condition(const std::string& text);

struct search_step {
  std::string value;
  bool met = false;
  std::vector<run_record> records;
};

struct search_result {
  std::string parameter;
  search_condition until;
  std::vector<search_step> steps;  ///< in the order they ran
  std::string best;                ///< largest value met; empty if lo already fails
  bool hi_met = false;             ///< hi itself meets it (the limit lies beyond the range)
  double resolution = 0;           ///< the bracket's final width
  std::size_t runs() const;
};

struct search_range {
  std::string name;
  double lo = 0;
  double hi = 0;
  bool whole = false; ///< lo and hi written as integers ("1..16"): only whole values are tried
  double resolution = 0; ///< stop when the bracket is this narrow (0: 1% of hi - lo)
};

/// Parses "k=lo..hi"; throws sim::input_error.
search_range parse_search(const std::string& text);

/// Runs the bisection until the bracket is within the range's resolution (by default 1% of
/// hi - lo; never under 1 for whole values);
/// `on_step` hears each step as it finishes.
search_result search(const runtime::registry& registry, const sweep_config& config,
                     const search_range& range, const search_condition& until,
                     const std::function<void(const search_step&)>& on_step);

} // namespace detsim::campaigns
