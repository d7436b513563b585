// scenarios/vstack/chaos.cpp: vstack-chaos. A smaller V-Stack (30 clients, some chunks
// contested by two uploaders) meant for --chaos and campaigns: kills, restarts, loss and
// latency spikes hunting for consistency bugs. The invariants are the verdict.
#include "detsim/scenarios/vstack/scenarios.hpp"
#include "detsim/scenarios/vstack/system.hpp"

namespace detsim::scenarios::vstack {

runtime::scenario_info vstack_chaos_info() {
  vstack_defaults d;
  d.clients = 30;
  d.smart_share = 0.5;
  d.contested = 0.1;
  d.duration = std::chrono::seconds(120);
  d.comparison_table = true;
  return vstack_system::info(
    "vstack-chaos", "V-Stack (seed 003): contested uploads and playback under --chaos faults", d);
}

} // namespace detsim::scenarios::vstack
