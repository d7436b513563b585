// campaigns/shrink.hpp: delta debugging over a failing run's concrete faults. Removes faults
// while the run still fails with the same signature, then confirms the minimal plan.
#pragma once

#include "detsim/campaigns/campaign.hpp"

#include <string>

namespace detsim::campaigns {

struct shrink_result {
  std::size_t original_faults = 0;
  std::size_t minimal_faults = 0;
  std::string minimal_plan;  ///< plan text; run it with --faults PLAN --exact-faults
  bool confirmed = false;    ///< the minimal plan was re-run and failed the same way
  std::vector<std::string> parameters; ///< the campaign's parameters, sizes shrunk
  std::vector<std::string> shrunk_sizes; ///< "agents: 100 -> 7", for people
  std::size_t runs = 0;      ///< runs the search took
};

/// Shrinks the plan of `seed`'s failing run (`plan`, its concrete faults) while the run
/// keeps `signature`, then the scenario's size parameters. Each trial runs isolated, so
/// crashing candidates are safe.
shrink_result shrink_faults(const runtime::registry& registry, const campaign_config& config,
                            std::uint64_t seed, const std::string& plan,
                            const std::string& signature);

} // namespace detsim::campaigns
