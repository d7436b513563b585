// scenarios/vstack/benchmark.cpp: vstack-benchmark. The seed's benchmark suite in one run:
// 100 smart clients, 10 concurrent uploads, a node killed mid-run and restarted, and a
// pass/fail row for each of the seed's targets.
#include "detsim/scenarios/vstack/scenarios.hpp"
#include "detsim/scenarios/vstack/system.hpp"

namespace detsim::scenarios::vstack {

runtime::scenario_info vstack_benchmark_info() {
  vstack_defaults d;
  d.kill_node = 1;
  d.kill_at = std::chrono::seconds(60);
  d.restart_at = std::chrono::seconds(90);
  d.targets = seed_targets();
  return vstack_system::info(
    "vstack-benchmark",
    "V-Stack (seed 003): the benchmark suite, a pass/fail row per performance target", d);
}

} // namespace detsim::scenarios::vstack
