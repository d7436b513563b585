// reports/run_html.cpp: HTML and SVG rendering of one run's report.
#include "detsim/reports/run_html.hpp"

#include "detsim/reports/markup.hpp"
#include "detsim/harness/run_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>

namespace detsim::reports {

namespace {

constexpr int width = 720;
constexpr int height = 280;
constexpr int left = 60;
constexpr int right = 120; // room for the legend
constexpr int top = 20;
constexpr int bottom = 40;
const char* const colors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};

std::string html_table(const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows,
                       const std::string& attributes = "") {
  std::string out = "<table" + attributes + "><tr>";
  for (const auto& h : header)
    out += "<th>" + xml_escape(h) + "</th>";
  out += "</tr>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    for (const auto& cell : row) {
      auto css = cell == "PASS" ? " class=\"pass\"" : cell == "FAIL" ? " class=\"fail\"" : "";
      out += fmt::format("<td{}>{}</td>", css, xml_escape(cell));
    }
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

} // namespace

std::string line_chart_svg(const runtime::plot& plot) {
  double x_min = 0, x_max = 1, y_max = 1;
  bool first = true;
  for (const auto& s : plot.series)
    for (const auto& [x, y] : s.points) {
      x_min = first ? x : std::min(x_min, x);
      x_max = first ? x : std::max(x_max, x);
      y_max = first ? y : std::max(y_max, y);
      first = false;
    }
  if (x_max <= x_min)
    x_max = x_min + 1;
  y_max = y_max <= 0 ? 1 : y_max * 1.1;
  auto px = [&](double x) {
    return left + (x - x_min) / (x_max - x_min) * (width - left - right);
  };
  auto py = [&](double y) { return height - bottom - y / y_max * (height - top - bottom); };
  std::string svg = fmt::format(
    R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}">)",
    width, height);
  svg += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#333"/>)", left,
                     height - bottom, width - right);
  svg += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#333"/>)", left, top,
                     height - bottom);
  for (int i = 0; i <= 4; ++i) {
    double y = y_max * i / 4, x = x_min + (x_max - x_min) * i / 4;
    svg += fmt::format(R"(<text x="{}" y="{:.1f}" font-size="11" text-anchor="end">{:.3g}</text>)",
                       left - 4, py(y) + 4, y);
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" font-size="11" text-anchor="middle">{:.3g}</text>)",
                       px(x), height - bottom + 14, x);
  }
  svg += fmt::format(R"(<text x="{}" y="{}" font-size="12" text-anchor="middle">{}</text>)",
                     (left + width - right) / 2, height - 6, xml_escape(plot.x_label));
  svg += fmt::format(
    R"x(<text x="14" y="{0}" font-size="12" text-anchor="middle" transform="rotate(-90 14 {0})">{1}</text>)x",
    (top + height - bottom) / 2, xml_escape(plot.y_label));
  for (std::size_t i = 0; i < plot.series.size(); ++i) {
    const auto& s = plot.series[i];
    auto color = colors[i % (sizeof(colors) / sizeof(colors[0]))];
    std::string points;
    for (const auto& [x, y] : s.points)
      points += fmt::format("{:.1f},{:.1f} ", px(x), py(y));
    svg += fmt::format(R"(<polyline fill="none" stroke="{}" stroke-width="1.5" points="{}"/>)",
                       color, points);
    svg += fmt::format(R"(<text x="{}" y="{}" font-size="12" fill="{}">{}</text>)",
                       width - right + 10, top + 16 * (i + 1), color, xml_escape(s.label));
  }
  return svg + "</svg>\n";
}

void write_html_report(const std::string& path, const harness::run_spec& spec, const harness::run_outcome& outcome,
                       const std::string& reproduce) {
  std::string body;
  body += fmt::format("<h1>detsim run {} &mdash; seed {}</h1>\n", xml_escape(spec.scenario),
                      spec.seed);
  body += fmt::format("<p>Verdict: <b class=\"{}\">{}</b>. Reproduce: <code>{}</code></p>\n",
                      outcome.passed() ? "pass" : "fail", outcome.passed() ? "PASS" : "FAIL",
                      xml_escape(reproduce));
  if (!outcome.targets.empty()) {
    auto t = harness::targets_table(outcome.targets);
    body += fmt::format("<h2>Targets: {} of {} met</h2>\n", harness::count_met(outcome.targets),
                        outcome.targets.size());
    body += html_table(t.header, t.rows, " id=\"targets\"");
  }
  for (const auto& t : outcome.tables)
    body += "<h2>" + xml_escape(t.title) + "</h2>\n" + html_table(t.header, t.rows);
  for (const auto& p : outcome.plots)
    body += "<h2>" + xml_escape(p.title) + "</h2>\n" + line_chart_svg(p);
  std::vector<std::vector<std::string>> invariants;
  for (const auto& inv : outcome.invariants) {
    std::string detail;
    for (const auto& v : inv.violations)
      detail += (detail.empty() ? "" : "; ") + v;
    invariants.push_back({inv.name, inv.passed ? "PASS" : "FAIL", detail});
  }
  body += "<h2>Invariants</h2>\n" + html_table({"invariant", "verdict", "violations"}, invariants);
  std::vector<std::vector<std::string>> metrics;
  for (const auto& m : outcome.metrics)
    metrics.push_back({m.name, fmt::format("{:.6g}", m.value), m.unit});
  body += "<h2>Metrics</h2>\n" + html_table({"metric", "value", "unit"}, metrics);

  std::ofstream out(path);
  out << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>detsim "
      << xml_escape(spec.scenario) << " seed " << spec.seed << "</title>\n"
      << "<style>body{font-family:sans-serif;margin:2em;max-width:60em}"
         "table{border-collapse:collapse;margin-bottom:1em}"
         "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
         ".pass{color:#070}.fail{color:#b00;font-weight:bold}</style></head><body>\n"
      << body << "</body></html>\n";
  if (!out)
    throw replays::io_error("cannot write HTML report '" + path + "'");
}

} // namespace detsim::reports
