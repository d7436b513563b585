// campaigns/sweep.hpp: a sweep's description: the scenario, the fixed parameters, the axes whose
// grid it runs, the seeds run at every point, and how each run is bounded. Saved as
// sweep-config.json so --resume continues exactly the same sweep.
#pragma once

#include "detsim/campaigns/isolated_run.hpp"
#include "detsim/harness/runner.hpp"
#include "detsim/campaigns/sweep_axes.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace detsim::campaigns {

struct sweep_config {
  std::string scenario;
  std::vector<std::string> fixed;   ///< "k=v": profile values and single-valued --param
  std::vector<axis> axes;           ///< parameters with two or more values
  std::uint64_t first_seed = 1;
  std::uint64_t last_seed = 1;
  std::string faults;
  std::string chaos;
  unsigned jobs = 2;
  run_limits limits;
  std::uint64_t max_memory = 0;     ///< per run, as --max-memory (0: the default limit)
  bool realtime = false;            ///< runs on the realtime engine (measures this machine)
  std::size_t threads = 0;          ///< its CAF threads (0: one per core)
  std::string program = "detsim";   ///< as invoked (not saved)

  std::uint64_t seed_count() const { return last_seed - first_seed + 1; }
  /// The run of grid point `p` with `seed`.
  harness::run_spec spec_for(const sweep_point& p, std::uint64_t seed) const;

  std::string to_json() const;
  static sweep_config from_json(const std::string& text, const std::string& origin);
};

/// Builds the fixed parameters and axes from --params files then --param items (a later
/// item overrides an earlier one of the same name); throws sim::input_error.
void add_parameters(sweep_config& config, const std::vector<std::string>& profiles,
                    const std::vector<std::string>& items);

} // namespace detsim::campaigns
