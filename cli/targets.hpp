// cli/targets.hpp: a scenario's performance targets checked against its measured metrics.
#pragma once

#include "scenarios/scenario.hpp"

#include <string>
#include <vector>

namespace cli {

struct target_result {
  scenarios::target target;
  bool measured = false; ///< the scenario reported the metric
  double value = 0;
  bool passed = false;
};

std::vector<target_result> evaluate_targets(const std::vector<scenarios::target>& targets,
                                            const std::vector<scenarios::metric>& metrics);

std::size_t count_met(const std::vector<target_result>& results);

/// The pass/fail rows (target, measured, goal, verdict), titled "targets (M of N met)".
scenarios::table targets_table(const std::vector<target_result>& results);

/// "< 2 s", ">= 10".
std::string goal_text(const scenarios::target& t);

/// "0.31 s", "not measured".
std::string measured_text(const target_result& r);

} // namespace cli
