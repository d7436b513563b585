// campaigns/sweep_search.cpp: conditions and the bisection.
#include "detsim/campaigns/sweep_search.hpp"

#include "detsim/harness/targets.hpp"
#include "detsim/sim/numbers.hpp"
#include "detsim/sim/parameters.hpp"

#include <cmath>
#include <cstdio>

namespace detsim::campaigns {

bool search_condition::met_by(const run_record& record) const {
  bool passed = record.status == run_status::pass;
  if (metric == "verdict")
    return goal == 1 ? passed : !passed;
  for (const auto& [name, value] : record.metrics)
    if (name == metric)
      return std::isfinite(value) && harness::meets(value, comparison, goal);
  return false;
}

std::string search_condition::text() const {
  if (metric == "verdict")
    return goal == 1 ? "verdict=pass" : "verdict=fail";
  char goal_text[32];
  std::snprintf(goal_text, sizeof goal_text, "%g", goal);
  return metric + comparison + goal_text;
}

search_condition parse_condition(const std::string& text) {
  auto at = text.find_first_of("<>=");
  if (at == std::string::npos || at == 0)
    throw sim::input_error("--until '" + text + "': expected METRIC<=X (or <, >, >=, =) or "
                           "verdict=pass");
  search_condition c;
  c.metric = text.substr(0, at);
  auto rest = text.substr(at);
  for (const char* op : {"<=", ">=", "<", ">", "="})
    if (rest.rfind(op, 0) == 0) {
      c.comparison = op;
      break;
    }
  auto value = rest.substr(c.comparison.size());
  if (c.metric == "verdict") {
    if (c.comparison != "=" || (value != "pass" && value != "fail"))
      throw sim::input_error("--until '" + text + "': the verdict is verdict=pass or verdict=fail");
    c.goal = value == "pass" ? 1 : 0;
    return c;
  }
  auto goal = sim::parse_finite(value);
  if (!goal)
    throw sim::input_error("--until '" + text + "': '" + value + "' is not a number");
  c.goal = *goal;
  return c;
}

search_range parse_search(const std::string& text) {
  auto refuse = [&] {
    throw sim::input_error("--search '" + text + "': expected key=lo..hi with lo < hi");
  };
  auto eq = text.find('=');
  auto dots = text.find("..");
  if (eq == std::string::npos || eq == 0 || dots == std::string::npos || dots < eq)
    refuse();
  auto lo_text = text.substr(eq + 1, dots - eq - 1);
  auto hi_text = text.substr(dots + 2);
  auto low = sim::parse_finite(lo_text);
  auto high = sim::parse_finite(hi_text);
  if (!low.has_value() || !high.has_value())
    refuse();
  search_range range;
  range.name = text.substr(0, eq);
  range.lo = low.value();
  range.hi = high.value();
  if (!(range.lo < range.hi))
    refuse();
  range.whole = sim::parse_integer(lo_text).has_value() && sim::parse_integer(hi_text).has_value();
  return range;
}

std::size_t search_result::runs() const {
  std::size_t n = 0;
  for (const auto& s : steps)
    n += s.records.size();
  return n;
}

search_result search(const runtime::registry& registry, const sweep_config& config,
                     const search_range& range, const search_condition& until,
                     const std::function<void(const search_step&)>& on_step) {
  const auto& name = range.name;
  double lo = range.lo;
  double hi = range.hi;
  bool whole = range.whole;
  double tolerance = std::max(range.resolution > 0 ? range.resolution : (hi - lo) / 100, whole ? 1.0 : 0.0);
  search_result result;
  result.parameter = name;
  result.until = until;
  std::uint64_t index = 0;
  auto try_value = [&](double value) {
    search_step step;
    step.value = format_value(value);
    std::vector<sweep_job> batch;
    for (auto seed = config.first_seed; seed <= config.last_seed; ++seed)
      batch.push_back({index++, config.spec_for({{name, step.value}}, seed)});
    run_jobs(registry, batch, config.jobs, config.limits,
             [&](const run_record& r) { step.records.push_back(r); });
    step.met = true;
    for (const auto& r : step.records)
      step.met = step.met && until.met_by(r);
    result.steps.push_back(step);
    on_step(result.steps.back());
    return step.met;
  };
  if (!try_value(lo)) {
    result.resolution = hi - lo;
    return result; // nothing in the range meets it
  }
  if (try_value(hi)) {
    result.best = format_value(hi);
    result.hi_met = true;
    return result;
  }
  // Invariant: lo meets the condition, hi does not.
  while (hi - lo > tolerance) {
    double mid = whole ? std::floor((lo + hi) / 2) : (lo + hi) / 2;
    if (mid <= lo || mid >= hi)
      break;
    (try_value(mid) ? lo : hi) = mid;
  }
  result.best = format_value(lo);
  result.resolution = hi - lo;
  return result;
}

} // namespace detsim::campaigns
