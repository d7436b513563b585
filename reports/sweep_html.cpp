// reports/sweep_html.cpp: sweep and search pages.
#include "detsim/reports/sweep_html.hpp"

#include "detsim/reports/chart.hpp"
#include "detsim/reports/markup.hpp"
#include "detsim/sim/numbers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace detsim::reports {

namespace {

std::string page(const std::string& title, const std::string& body) {
  return fmt::format(R"x(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{0}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccc; padding: 4px 8px; text-align: right; }}
code {{ font-size: 90%; }} svg {{ border: 1px solid #eee; margin: 8px 0; }} svg text {{ font-size: 11px; }}
</style></head><body>
<h1>{0}</h1>
{1}
</body></html>
)x",
                     xml_escape(title), body);
}

std::string description(const campaigns::sweep_config& config) {
  std::string fixed;
  for (const auto& f : config.fixed)
    fixed += " " + f;
  return fmt::format("<p>Seeds {}..{} per point &middot; fixed:<code>{}</code> &middot; chaos: "
                     "<code>{}</code> &middot; faults: <code>{}</code></p>\n",
                     config.first_seed, config.last_seed, xml_escape(fixed),
                     xml_escape(config.chaos), xml_escape(config.faults));
}

std::string results_table(const std::vector<campaigns::point_result>& results) {
  if (results.empty())
    return "";
  std::string html = "<table id=\"points\"><tr>";
  for (const auto& [name, value] : results.front().values)
    html += "<th>" + xml_escape(name) + "</th>";
  html += "<th>passed</th>";
  for (const auto& m : results.front().metrics)
    html += "<th>" + xml_escape(m.name) + "</th>";
  html += "</tr>\n";
  for (const auto& r : results) {
    html += "<tr>";
    for (const auto& [name, value] : r.values)
      html += "<td>" + xml_escape(value) + "</td>";
    html += fmt::format("<td title=\"{}\">{}/{}</td>", xml_escape(r.first_failure), r.passed, r.runs);
    for (const auto& m : r.metrics)
      html += m.count == 0 ? "<td>-</td>"
                           : fmt::format("<td title=\"min {}, max {}\">{}</td>",
                                         campaigns::format_metric(m.min), campaigns::format_metric(m.max),
                                         campaigns::format_metric(m.mean));
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

/// Whether a chart's x (or y) values are all positive and span a factor of 100 or more.
bool spans_decades(const runtime::plot& plot, bool x_axis) {
  double low = 0, high = 0;
  bool any = false;
  for (const auto& s : plot.series)
    for (const auto& [x, y] : s.points) {
      double v = x_axis ? x : y;
      if (!(v > 0))
        return false;
      low = any ? std::min(low, v) : v;
      high = any ? std::max(high, v) : v;
      any = true;
    }
  return any && high >= 100 * low;
}

/// One chart per metric: x = the first axis (numeric), a series per value of the rest.
std::string metric_charts(const std::vector<campaigns::point_result>& results) {
  if (results.empty() || results.front().values.empty())
    return "";
  const auto& x_name = results.front().values.front().first;
  std::string html;
  for (std::size_t k = 0; k < results.front().metrics.size(); ++k) {
    runtime::plot plot;
    plot.title = results.front().metrics[k].name;
    plot.x_label = x_name;
    plot.y_label = plot.title;
    std::map<std::string, runtime::plot_series> series;
    std::vector<std::string> order;
    for (const auto& r : results) {
      auto x = sim::parse_finite(r.values.front().second);
      if (!x || k >= r.metrics.size() || r.metrics[k].count == 0)
        continue;
      std::string label;
      for (std::size_t a = 1; a < r.values.size(); ++a)
        label += (a > 1 ? " " : "") + r.values[a].first + "=" + r.values[a].second;
      if (!series.count(label))
        order.push_back(label);
      auto& s = series[label];
      s.label = label.empty() ? "mean over seeds" : label;
      s.points.emplace_back(*x, r.metrics[k].mean);
    }
    for (const auto& label : order)
      plot.series.push_back(series[label]);
    plot.log_x = spans_decades(plot, true);
    plot.log_y = spans_decades(plot, false);
    if (!plot.series.empty())
      html += line_chart_svg(plot) + "\n";
  }
  return html;
}

} // namespace

std::string sweep_html(const campaigns::sweep_config& config,
                       const std::vector<campaigns::point_result>& results) {
  return page("Sweep: " + config.scenario,
              description(config) + "<h2>Points</h2>\n" + results_table(results) +
                "<h2>Metrics against " +
                xml_escape(config.axes.empty() ? std::string("the point") : config.axes.front().name) +
                "</h2>\n" + metric_charts(results));
}

std::string search_html(const campaigns::sweep_config& config, const campaigns::search_result& result) {
  std::string rows;
  runtime::plot plot;
  plot.title = result.until.metric + " by " + result.parameter;
  plot.x_label = result.parameter;
  plot.y_label = result.until.metric;
  runtime::plot_series series{"mean over seeds", {}};
  for (const auto& step : result.steps) {
    double sum = 0;
    std::size_t count = 0;
    for (const auto& r : step.records)
      for (const auto& [name, value] : r.metrics)
        if (name == result.until.metric && std::isfinite(value)) {
          sum += value;
          ++count;
        }
    rows += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", xml_escape(step.value),
                        step.met ? "met" : "not met",
                        count ? campaigns::format_metric(sum / static_cast<double>(count)) : "-");
    auto x = sim::parse_finite(step.value);
    if (x && count)
      series.points.emplace_back(*x, sum / static_cast<double>(count));
  }
  std::sort(series.points.begin(), series.points.end());
  plot.series.push_back(series);
  plot.log_x = spans_decades(plot, true);
  auto answer = result.best.empty()
                  ? "no value in the range meets " + result.until.text()
                  : fmt::format("largest {} meeting {}: <b>{}</b>", result.parameter,
                                result.until.text(), result.best);
  return page("Search: " + config.scenario,
              description(config) +
                fmt::format("<p id=\"answer\">{} ({} runs)</p>\n", answer, result.runs()) +
                "<table id=\"steps\"><tr><th>" + xml_escape(result.parameter) +
                "</th><th>condition</th><th>" + xml_escape(result.until.metric) + "</th></tr>\n" +
                rows + "</table>\n" + (series.points.empty() ? "" : line_chart_svg(plot)));
}

} // namespace detsim::reports
