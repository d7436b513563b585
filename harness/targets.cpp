// harness/targets.cpp: comparing metrics with goals.
#include "detsim/harness/targets.hpp"

#include "detsim/sim/numbers.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace detsim::harness {

namespace {

std::string with_unit(double value, const std::string& unit) {
  auto number = sim::format_number(value);
  return unit.empty() ? number : number + " " + unit;
}

} // namespace

bool meets(double value, const std::string& comparison, double goal) {
  if (comparison == "<")
    return value < goal;
  if (comparison == "<=")
    return value <= goal;
  if (comparison == ">")
    return value > goal;
  if (comparison == ">=")
    return value >= goal;
  if (comparison == "=")
    return value == goal;
  throw std::logic_error("comparison '" + comparison + "' is not <, <=, >, >= or =");
}

std::vector<target_result> evaluate_targets(const std::vector<runtime::target>& targets,
                                            const std::vector<runtime::metric>& metrics) {
  std::vector<target_result> results;
  for (const auto& t : targets) {
    target_result r{t, false, 0, false};
    for (const auto& m : metrics)
      if (m.name == t.metric) {
        r.measured = true;
        r.value = m.value;
        r.passed = meets(m.value, t.comparison, t.goal);
      }
    results.push_back(r);
  }
  return results;
}

std::size_t count_met(const std::vector<target_result>& results) {
  std::size_t met = 0;
  for (const auto& r : results)
    met += r.passed;
  return met;
}

runtime::table targets_table(const std::vector<target_result>& results) {
  runtime::table t{fmt::format("targets ({} of {} met)", count_met(results), results.size()),
                     {"target", "measured", "goal", "verdict"},
                     {}};
  for (const auto& r : results)
    t.rows.push_back({r.target.label, measured_text(r), goal_text(r.target),
                      r.passed ? "PASS" : "FAIL"});
  return t;
}

std::string goal_text(const runtime::target& t) {
  return t.comparison + " " + with_unit(t.goal, t.unit);
}

std::string measured_text(const target_result& r) {
  return r.measured ? with_unit(r.value, r.target.unit) : "not measured";
}

} // namespace detsim::harness
