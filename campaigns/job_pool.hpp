// campaigns/job_pool.hpp: runs a batch of isolated runs, `jobs` at a time, each in a forked child
// bounded by the run limits, and hands every finished record over as it comes in.
#pragma once

#include "detsim/campaigns/isolated_run.hpp"

#include <functional>
#include <vector>

namespace detsim::campaigns {

struct sweep_job {
  std::uint64_t index = 0; ///< the journal's key for this run
  harness::run_spec spec;
};

void run_jobs(const runtime::registry& registry, const std::vector<sweep_job>& batch, unsigned jobs,
              const run_limits& limits,
              const std::function<void(const run_record&)>& on_record);

} // namespace detsim::campaigns
