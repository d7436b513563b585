// reports/campaign_html.hpp: a campaign's report as one self-contained HTML file: the buckets
// with their reproduce lines, runs and failures over time, and the run-time distribution,
// drawn as inline SVG (no scripts, no network).
#pragma once

#include "detsim/campaigns/campaign_summary.hpp"

#include <string>
#include <vector>

namespace detsim::reports {

std::string campaign_html(const campaigns::campaign_config& config, const campaigns::campaign_summary& summary,
                          const std::vector<campaigns::run_record>& records);

} // namespace detsim::reports
