// campaigns/campaign_summary.hpp: a campaign's journal condensed into failure buckets, and
// summary.json (JUnit XML is in reports/junit). Computed from the records alone and sorted, so a
// merge of shard journals gives the same summary as one machine.
#pragma once

#include "detsim/campaigns/campaign.hpp"

#include <string>
#include <vector>

namespace detsim::campaigns {

struct bucket {
  std::string signature;
  std::string message;       ///< of the first failing run (lowest index)
  std::uint64_t count = 0;
  std::uint64_t first_seed = 0;    ///< seed of the lowest failing index
  std::uint64_t smallest_seed = 0;
  std::string plan;          ///< concrete fault plan of the smallest seed's run
  std::string reproduce;
  std::string trace;         ///< representative trace, relative to the campaign directory
  std::vector<std::uint64_t> seeds; ///< the first few failing seeds, ascending
  // Filled in by shrinking (not by summarize):
  std::size_t original_faults = 0;
  std::size_t minimal_faults = 0;
  std::string minimal_plan_file; ///< relative to the campaign directory; empty: not shrunk
  std::string minimal_reproduce; ///< its plan path relative to the campaign directory
  std::vector<std::string> shrunk_sizes; ///< "agents: 30 -> 4"
  std::string divergence; ///< nondeterminism: where two runs of the seed part
};

struct campaign_summary {
  std::uint64_t runs = 0;
  std::uint64_t passed = 0;
  std::uint64_t failed = 0;
  std::uint64_t rechecked = 0;
  double run_seconds = 0;   ///< summed wall time of primary runs
  std::vector<bucket> buckets;
};

campaign_summary summarize(const campaign_config& config, std::vector<run_record> records,
                           const std::string& program);

std::string summary_json(const campaign_config& config, const campaign_summary& summary);

/// `detsim run ...` for one seed of the campaign, with the campaign's parameters and faults.
std::string campaign_reproduce(const std::string& program, const campaign_config& config,
                               std::uint64_t seed);

} // namespace detsim::campaigns
