// reports/run_html.cpp: HTML and SVG rendering of one run's report.
#include "detsim/reports/run_html.hpp"

#include "detsim/reports/chart.hpp"
#include "detsim/reports/markup.hpp"
#include "detsim/harness/run_report.hpp"
#include "detsim/sim/numbers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>

namespace detsim::reports {

namespace {

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
  if (outcome.memory.size() >= 2) {
    // What the process held over the run: a flat line is what an endurance run should show.
    runtime::plot memory{"Resident memory of the process", spec.realtime ? "wall time (s)" : "simulated time (s)",
                         "resident (MB)", {{"resident", {}}}};
    for (const auto& m : outcome.memory)
      memory.series[0].points.emplace_back(m.run_seconds, m.resident_mb);
    body += "<h2>" + xml_escape(memory.title) + "</h2>\n" + line_chart_svg(memory);
  }
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
    metrics.push_back({m.name, sim::format_number(m.value), m.unit});
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
