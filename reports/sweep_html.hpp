// reports/sweep_html.hpp: a sweep's report.html: the table of points and, for every
// metric, a chart of its mean against the first swept parameter (one line per value of
// the others), as inline SVG.
#pragma once

#include "detsim/campaigns/sweep_search.hpp"
#include "detsim/campaigns/sweep.hpp"
#include "detsim/campaigns/sweep_summary.hpp"

#include <string>
#include <vector>

namespace detsim::reports {

std::string sweep_html(const campaigns::sweep_config& config,
                       const std::vector<campaigns::point_result>& results);

/// A search's steps and its answer, with the searched metric against the value.
std::string search_html(const campaigns::sweep_config& config, const campaigns::search_result& result);

} // namespace detsim::reports
