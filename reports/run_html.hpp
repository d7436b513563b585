// reports/run_html.hpp: a run's HTML report (--report-html): the pass/fail table, the
// scenario's own tables, its plots as inline SVG, invariants and metrics. One file, no
// scripts or external resources, so it opens anywhere offline.
#pragma once

#include "detsim/harness/runner.hpp"

#include <string>

namespace detsim::reports {

/// Throws replays::io_error when the file cannot be written.
void write_html_report(const std::string& path, const harness::run_spec& spec, const harness::run_outcome& outcome,
                       const std::string& reproduce);

} // namespace detsim::reports
