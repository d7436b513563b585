// cli/campaign_html.hpp: a campaign's report as one self-contained HTML file: the buckets
// with their reproduce lines, runs and failures over time, and the run-time distribution,
// drawn as inline SVG (no scripts, no network).
#pragma once

#include "cli/campaign_summary.hpp"

#include <string>
#include <vector>

namespace cli {

std::string campaign_html(const campaign_config& config, const campaign_summary& summary,
                          const std::vector<run_record>& records);

} // namespace cli
