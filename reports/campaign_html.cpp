// reports/campaign_html.cpp: HTML and SVG rendering of a campaign report.
#include "detsim/reports/campaign_html.hpp"

#include "detsim/reports/markup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace detsim::reports {

namespace {

constexpr int plot_width = 640;
constexpr int plot_height = 200;
constexpr int margin = 40;

std::string axes(const std::string& x_label, const std::string& y_label, double x_max,
                 double y_max) {
  return fmt::format(
    R"x(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#333"/>)x"
    R"x(<line x1="{0}" y1="{3}" x2="{0}" y2="{1}" stroke="#333"/>)x"
    R"x(<text x="{4}" y="{5}" text-anchor="middle">{6} (0 to {7:.3g})</text>)x"
    R"x(<text x="12" y="{8}" transform="rotate(-90 12 {8})" text-anchor="middle">{9} (0 to {10:.3g})</text>)x",
    margin, plot_height - margin, plot_width - 10, 10, plot_width / 2, plot_height - 8,
    xml_escape(x_label), x_max, plot_height / 2, xml_escape(y_label), y_max);
}

/// Cumulative runs and failures against minutes since the first result.
std::string timeline_svg(const std::vector<campaigns::run_record>& records) {
  std::vector<std::pair<double, bool>> points; // (time, failed)
  for (auto& r : records)
    if (!r.recheck)
      points.push_back({r.finished_at, r.status != campaigns::run_status::pass});
  std::sort(points.begin(), points.end());
  if (points.empty())
    return "<p>No runs.</p>";
  double start = points.front().first;
  double span = std::max((points.back().first - start) / 60.0, 1e-6);
  double total = static_cast<double>(points.size());
  auto x = [&](double t) { return margin + (t - start) / 60.0 / span * (plot_width - margin - 10); };
  auto y = [&](double n) { return (plot_height - margin) - n / total * (plot_height - margin - 10); };
  std::string runs, failures;
  std::size_t failed = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    failed += points[i].second;
    runs += fmt::format("{:.1f},{:.1f} ", x(points[i].first), y(static_cast<double>(i + 1)));
    failures += fmt::format("{:.1f},{:.1f} ", x(points[i].first), y(static_cast<double>(failed)));
  }
  return fmt::format(
    R"x(<svg width="{0}" height="{1}" role="img" aria-label="runs and failures over time">{2})"
    R"x(<polyline fill="none" stroke="#2a6" stroke-width="2" points="{3}"/>)x"
    R"x(<polyline fill="none" stroke="#c33" stroke-width="2" points="{4}"/>)x"
    R"x(<text x="{5}" y="20" fill="#2a6">runs</text><text x="{5}" y="36" fill="#c33">failures</text></svg>)x",
    plot_width, plot_height, axes("minutes", "runs", span, total), runs, failures,
    plot_width - 80);
}

/// Histogram of primary runs' wall time on log-spaced bins.
std::string runtime_svg(const std::vector<campaigns::run_record>& records) {
  std::vector<double> times;
  for (auto& r : records)
    if (!r.recheck && r.wall_seconds > 0)
      times.push_back(r.wall_seconds);
  if (times.empty())
    return "<p>No run times.</p>";
  auto [low_it, high_it] = std::minmax_element(times.begin(), times.end());
  double low = std::log10(*low_it), high = std::max(std::log10(*high_it), low + 1e-6);
  const int bins = 24;
  std::vector<int> counts(bins, 0);
  for (double t : times)
    ++counts[std::min(bins - 1, static_cast<int>((std::log10(t) - low) / (high - low) * bins))];
  int peak = *std::max_element(counts.begin(), counts.end());
  double bar = (plot_width - margin - 10) / static_cast<double>(bins);
  std::string bars;
  for (int i = 0; i < bins; ++i) {
    double h = counts[i] / static_cast<double>(peak) * (plot_height - margin - 10);
    bars += fmt::format(
      R"x(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="#36a"><title>{} runs from {:.3g} s</title></rect>)x",
      margin + i * bar, plot_height - margin - h, bar - 1, h, counts[i],
      std::pow(10, low + (high - low) * i / bins));
  }
  return fmt::format(
    R"x(<svg width="{}" height="{}" role="img" aria-label="run time distribution">{}{})"
    R"x(<text x="{}" y="20">{:.3g} s to {:.3g} s, log scale</text></svg>)x",
    plot_width, plot_height, axes("run time (log)", "runs", *high_it, peak), bars, margin + 10,
    *low_it, *high_it);
}

std::string bucket_rows(const campaigns::campaign_summary& summary) {
  if (summary.buckets.empty())
    return R"x(<tr><td colspan="6">No failures.</td></tr>)x";
  std::string rows;
  for (auto& b : summary.buckets) {
    auto shrunk = b.minimal_plan_file.empty()
                    ? std::string("not shrunk")
                    : fmt::format("{} &rarr; {} faults<br><code>{}</code>", b.original_faults,
                                  b.minimal_faults, xml_escape(b.minimal_reproduce));
    rows += fmt::format(
      "<tr><td><code>{}</code><br>{}</td><td>{}</td><td>{}</td><td>{}</td>"
      "<td><code>{}</code><br>trace: <code>{}</code></td><td>{}</td></tr>\n",
      xml_escape(b.signature), xml_escape(b.message), b.count, b.first_seed, b.smallest_seed,
      xml_escape(b.reproduce), xml_escape(b.trace), shrunk);
  }
  return rows;
}

} // namespace

std::string campaign_html(const campaigns::campaign_config& config, const campaigns::campaign_summary& summary,
                          const std::vector<campaigns::run_record>& records) {
  std::string params;
  for (auto& p : config.parameters)
    params += " " + p;
  return fmt::format(
    R"x(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>detsim campaign: {0}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccc; padding: 4px 8px; vertical-align: top; }}
code {{ font-size: 90%; }} svg {{ border: 1px solid #eee; margin: 8px 0; }} svg text {{ font-size: 11px; }}
</style></head><body>
<h1>Campaign: {0}</h1>
<p>Parameters:<code>{1}</code> &middot; chaos: <code>{2}</code> &middot; faults: <code>{3}</code></p>
<p id="totals"><b>{4}</b> runs, <b>{5}</b> passed, <b>{6}</b> failed, {7} re-checked, <b>{8}</b> buckets</p>
<h2>Buckets</h2>
<table id="buckets"><tr><th>signature and first message</th><th>runs</th><th>first seed</th><th>smallest seed</th><th>reproduce</th><th>shrunk</th></tr>
{9}</table>
<h2>Runs and failures over time</h2>
{10}
<h2>Run time distribution</h2>
{11}
</body></html>
)x",
    xml_escape(config.scenario), xml_escape(params), xml_escape(config.chaos), xml_escape(config.faults),
    summary.runs, summary.passed, summary.failed, summary.rechecked, summary.buckets.size(),
    bucket_rows(summary), timeline_svg(records), runtime_svg(records));
}

} // namespace detsim::reports
