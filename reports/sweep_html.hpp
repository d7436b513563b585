// reports/sweep_html.hpp: a sweep's report.html: the table of points and, for every
// metric, a chart of its mean against the first swept parameter (one line per value of
// the others), as inline SVG.
#pragma once

#include "detsim/sweeps/search.hpp"
#include "detsim/sweeps/sweep.hpp"
#include "detsim/sweeps/sweep_summary.hpp"

#include <string>
#include <vector>

namespace detsim::reports {

std::string sweep_html(const sweeps::sweep_config& config,
                       const std::vector<sweeps::point_result>& results);

/// A search's steps and its answer, with the searched metric against the value.
std::string search_html(const sweeps::sweep_config& config, const sweeps::search_result& result);

} // namespace detsim::reports
