// tests/campaign_support.hpp: a campaign of a built-in scenario run from a test, in a
// scratch folder, summarized as the CLI would.
#pragma once

#include "test_support.hpp"

#include "detsim/campaigns/campaign_runner.hpp"
#include "detsim/campaigns/campaign_summary.hpp"

#include <filesystem>

namespace test {

/// Seeds 1..`seeds` of `scenario` with `parameters` and `chaos`, two at a time, no rechecks.
inline campaigns::campaign_summary campaign(const std::string& scenario, std::vector<std::string> parameters,
                                            std::string chaos, std::uint64_t seeds) {
  campaigns::campaign_config c;
  c.scenario = scenario;
  c.parameters = std::move(parameters);
  c.chaos = std::move(chaos);
  c.first_seed = 1;
  c.last_seed = seeds;
  c.jobs = 2;
  c.recheck = 0;
  auto dir = temp_path(scenario + "-campaign");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  campaigns::run_campaign(scenarios::builtin_registry(), c, dir, nullptr);
  auto summary = campaigns::summarize(c, campaigns::read_journal(dir + "/journal.jsonl"), "detsim");
  std::filesystem::remove_all(dir);
  return summary;
}

} // namespace test
