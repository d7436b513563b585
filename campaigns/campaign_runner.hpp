// campaigns/campaign_runner.hpp: runs a campaign's share of seeds, `jobs` children at a time,
// journaling every result as it arrives; resumes from an existing journal.
#pragma once

#include "detsim/campaigns/campaign.hpp"

namespace detsim::campaigns {

struct campaign_progress {
  std::uint64_t done = 0;
  std::uint64_t total = 0; ///< 0 in time mode
  std::uint64_t failures = 0;
  std::size_t buckets = 0;
  double runs_per_second = 0;
  double seconds_left = 0;
};

/// Runs every index of the shard not yet in the journal at `out`/journal.jsonl (and the
/// rechecks it owes). Calls `on_progress` about ten times a second.
void run_campaign(const runtime::registry& registry, const campaign_config& config,
                  const std::string& out,
                  const std::function<void(const campaign_progress&)>& on_progress);

} // namespace detsim::campaigns
