// cli/run_html.hpp: a run's HTML report (--report-html): the pass/fail table, the
// scenario's own tables, its plots as inline SVG, invariants and metrics. One file, no
// scripts or external resources, so it opens anywhere offline.
#pragma once

#include "cli/runner.hpp"

#include <string>

namespace cli {

/// Throws replays::io_error when the file cannot be written.
void write_html_report(const std::string& path, const run_spec& spec, const run_outcome& outcome,
                       const std::string& reproduce);

/// A line chart of the plot's series as an <svg> element.
std::string line_chart_svg(const scenarios::plot& plot);

} // namespace cli
