// harness/targets.hpp: a scenario's performance targets checked against its measured metrics.
#pragma once

#include "detsim/runtime/scenario.hpp"

#include <string>
#include <vector>

namespace detsim::harness {

struct target_result {
  runtime::target target;
  bool measured = false; ///< the scenario reported the metric
  double value = 0;
  bool passed = false;
};

std::vector<target_result> evaluate_targets(const std::vector<runtime::target>& targets,
                                            const std::vector<runtime::metric>& metrics);

std::size_t count_met(const std::vector<target_result>& results);

/// `value COMPARISON goal` for "<", "<=", ">", ">=" or "="; throws std::logic_error for any
/// other comparison (callers validate them first).
bool meets(double value, const std::string& comparison, double goal);

/// The pass/fail rows (target, measured, goal, verdict), titled "targets (M of N met)".
runtime::table targets_table(const std::vector<target_result>& results);

/// "< 2 s", ">= 10".
std::string goal_text(const runtime::target& t);

/// "0.31 s", "not measured".
std::string measured_text(const target_result& r);

} // namespace detsim::harness
