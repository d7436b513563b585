// scenarios/vstack/compare.cpp: vstack-compare. Half the clients schedule smartly, half
// round-robin, side by side on the same nodes, one of which is degraded (slow_node: far
// away and with a slower disk and NIC): the seed's smart-vs-naive demo, with the smart
// client's relative improvement.
#include "detsim/scenarios/vstack/scenarios.hpp"
#include "detsim/scenarios/vstack/system.hpp"

namespace detsim::scenarios::vstack {

runtime::scenario_info vstack_compare_info() {
  vstack_defaults d;
  d.smart_share = 0.5;
  d.slow_node = 2;
  d.slow_factor = 8;
  d.slow_latency = std::chrono::milliseconds(100);
  d.comparison_table = true;
  return vstack_system::info(
    "vstack-compare", "V-Stack (seed 003): smart vs naive clients side by side, one node degraded",
    d);
}

} // namespace detsim::scenarios::vstack
