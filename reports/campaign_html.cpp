// reports/campaign_html.cpp: HTML and SVG rendering of a campaign report.
#include "detsim/reports/campaign_html.hpp"

#include "detsim/reports/chart.hpp"
#include "detsim/reports/markup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace detsim::reports {

namespace {

/// Cumulative runs and failures against minutes since the first result.
std::string timeline_svg(const std::vector<campaigns::run_record>& records) {
  std::vector<std::pair<double, bool>> points; // (time, failed)
  for (auto& r : records)
    if (!r.recheck)
      points.push_back({r.finished_at, r.status != campaigns::run_status::pass});
  std::sort(points.begin(), points.end());
  if (points.empty())
    return "<p>No runs.</p>";
  runtime::plot plot{"runs and failures over time", "minutes", "runs", {{"runs", {}}, {"failures", {}}}};
  double start = points.front().first;
  std::size_t failed = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    failed += points[i].second;
    double minutes = (points[i].first - start) / 60.0;
    plot.series[0].points.push_back({minutes, static_cast<double>(i + 1)});
    plot.series[1].points.push_back({minutes, static_cast<double>(failed)});
  }
  return line_chart_svg(plot);
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
  const int bin_count = 24;
  std::vector<histogram_bin> bins(bin_count);
  for (double t : times)
    ++bins[std::min(bin_count - 1, static_cast<int>((std::log10(t) - low) / (high - low) * bin_count))].count;
  for (int i = 0; i < bin_count; ++i)
    bins[i].tooltip = fmt::format("{} runs from {:.3g} s", bins[i].count,
                                  std::pow(10, low + (high - low) * i / bin_count));
  return histogram_svg(bins, "run time (log)", "runs",
                       fmt::format("{:.3g} s to {:.3g} s, log scale", *low_it, *high_it));
}

std::string bucket_rows(const campaigns::campaign_summary& summary) {
  if (summary.buckets.empty())
    return R"x(<tr><td colspan="6">No failures.</td></tr>)x";
  std::string rows;
  for (auto& b : summary.buckets) {
    auto shrunk = b.minimal_plan_file.empty()
                    ? std::string("not shrunk")
                    : fmt::format("{}<br><code>{}</code>",
                                  b.minimal_faults == 0
                                    ? fmt::format("fails without faults{}", b.original_faults
                                                                         ? fmt::format(" (all {} dropped)", b.original_faults)
                                                                         : "")
                                    : fmt::format("{} &rarr; {} faults", b.original_faults, b.minimal_faults),
                                  xml_escape(b.minimal_reproduce));
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
