// campaigns/sweep_summary.cpp: aggregation and the three text forms.
#include "detsim/campaigns/sweep_summary.hpp"

#include "detsim/sim/parameters.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace detsim::campaigns {

namespace {

std::vector<std::string> metric_names(const std::vector<point_result>& results) {
  std::vector<std::string> names;
  for (const auto& r : results)
    for (const auto& m : r.metrics)
      if (std::find(names.begin(), names.end(), m.name) == names.end())
        names.push_back(m.name);
  return names;
}

const metric_stats* find_metric(const point_result& r, const std::string& name) {
  for (const auto& m : r.metrics)
    if (m.name == name)
      return &m;
  return nullptr;
}

} // namespace

std::string format_metric(double value) {
  if (!std::isfinite(value))
    return "-";
  // Counts and large rates print whole (10000 and 193254, not 1e+04 and 1.933e+05); the
  // rest to four significant digits.
  if (std::abs(value) < 1e12 && (value == std::round(value) || std::abs(value) >= 1e4))
    return fmt::format("{:.0f}", value);
  return fmt::format("{:.4g}", value);
}

std::vector<point_result> summarize_sweep(const std::vector<sweep_point>& points, std::uint64_t seeds,
                                    const std::vector<run_record>& records) {
  std::vector<point_result> results(points.size());
  std::vector<std::map<std::string, std::vector<double>>> values(points.size());
  for (std::size_t i = 0; i < points.size(); ++i)
    results[i].values = points[i];
  auto ordered = records;
  std::sort(ordered.begin(), ordered.end(),
            [](const auto& a, const auto& b) { return a.index < b.index; });
  for (const auto& record : ordered) {
    auto p = record.index / seeds;
    if (p >= points.size())
      continue;
    auto& r = results[p];
    ++r.runs;
    if (record.status == run_status::pass)
      ++r.passed;
    else if (r.first_failure.empty())
      r.first_failure = fmt::format("seed {}: {}", record.seed,
                                    record.message.empty() ? record.signature : record.message);
    for (const auto& [name, value] : record.metrics) {
      if (!find_metric(r, name))
        r.metrics.push_back({name});
      if (std::isfinite(value))
        values[p][name].push_back(value);
    }
  }
  for (std::size_t p = 0; p < points.size(); ++p)
    for (auto& m : results[p].metrics) {
      const auto& v = values[p][m.name];
      m.count = v.size();
      if (v.empty()) {
        m.mean = m.min = m.max = std::nan("");
        continue;
      }
      double sum = 0;
      for (double x : v)
        sum += x;
      m.mean = sum / static_cast<double>(v.size());
      m.min = *std::min_element(v.begin(), v.end());
      m.max = *std::max_element(v.begin(), v.end());
    }
  return results;
}

std::string sweep_table(const std::vector<point_result>& results,
                       const std::vector<std::string>& metrics) {
  if (results.empty())
    return "";
  auto known = metric_names(results);
  auto names = metrics.empty() ? known : metrics;
  for (const auto& n : names)
    if (std::find(known.begin(), known.end(), n) == known.end())
      throw sim::input_error("--metrics: no run reported '" + n + "' (known: " +
                             fmt::format("{}", fmt::join(known, ", ")) + ")");
  std::vector<std::string> header;
  for (const auto& [name, value] : results.front().values)
    header.push_back(name);
  header.push_back("passed");
  for (const auto& n : names)
    header.push_back(n);
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : results) {
    std::vector<std::string> row;
    for (const auto& [name, value] : r.values)
      row.push_back(value);
    row.push_back(fmt::format("{}/{}", r.passed, r.runs));
    for (const auto& n : names) {
      const auto* m = find_metric(r, n);
      if (!m || m->count == 0)
        row.push_back("-");
      else if (m->min == m->max)
        row.push_back(format_metric(m->mean));
      else
        row.push_back(fmt::format("{} ({}..{})", format_metric(m->mean), format_metric(m->min), format_metric(m->max)));
    }
    rows.push_back(std::move(row));
  }
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& row : rows)
      width[c] = std::max(width[c], row[c].size());
  }
  std::string text;
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c)
      text += fmt::format("{:>{}}{}", cells[c], width[c], c + 1 < cells.size() ? "  " : "\n");
  };
  line(header);
  for (const auto& row : rows)
    line(row);
  return text;
}

std::string sweep_csv(const std::vector<point_result>& results) {
  if (results.empty())
    return "";
  auto names = metric_names(results);
  std::string text;
  for (const auto& [name, value] : results.front().values)
    text += name + ",";
  text += "runs,passed";
  for (const auto& n : names)
    text += "," + n + "_mean," + n + "_min," + n + "_max";
  text += "\n";
  for (const auto& r : results) {
    for (const auto& [name, value] : r.values)
      text += value + ",";
    text += fmt::format("{},{}", r.runs, r.passed);
    for (const auto& n : names) {
      const auto* m = find_metric(r, n);
      auto cell = [](double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string(); };
      text += m ? "," + cell(m->mean) + "," + cell(m->min) + "," + cell(m->max) : ",,,";
    }
    text += "\n";
  }
  return text;
}

std::string sweep_json(const std::vector<point_result>& results) {
  auto list = nlohmann::json::array();
  for (const auto& r : results) {
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [name, value] : r.values)
      params[name] = value;
    auto metrics = nlohmann::json::array();
    auto cell = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); };
    for (const auto& m : r.metrics)
      metrics.push_back({{"name", m.name}, {"mean", cell(m.mean)}, {"min", cell(m.min)},
                         {"max", cell(m.max)}, {"seeds", m.count}});
    list.push_back({{"parameters", params}, {"runs", r.runs}, {"passed", r.passed},
                    {"first_failure", r.first_failure}, {"metrics", metrics}});
  }
  return nlohmann::json{{"points", list}}.dump(2) + "\n";
}

} // namespace detsim::campaigns
