// reports/junit.hpp: a campaign's buckets as JUnit XML, for CI systems that show test results.
#pragma once

#include "detsim/campaigns/campaign_summary.hpp"

#include <string>

namespace detsim::reports {

/// One test case for the passing runs and one failing test case per bucket.
std::string junit_xml(const campaigns::campaign_config& config,
                      const campaigns::campaign_summary& summary);

} // namespace detsim::reports
