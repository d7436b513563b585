// scenarios/vstack/failover.cpp: vstack-failover. A storage node dies while 100 clients
// stream (by default node-2 at 20 s, back at 60 s; or any --faults plan): how long until
// clients get their chunks from another replica, and what playback suffers meanwhile.
#include "detsim/scenarios/vstack/scenarios.hpp"
#include "detsim/scenarios/vstack/system.hpp"

namespace detsim::scenarios::vstack {

runtime::scenario_info vstack_failover_info() {
  vstack_defaults d;
  d.smart_share = 0.5;
  d.kill_node = 2;
  d.kill_at = std::chrono::seconds(20);
  d.restart_at = std::chrono::seconds(60);
  d.duration = std::chrono::seconds(140);
  d.comparison_table = true;
  d.targets = {{"Failover, smart clients (max)", "smart_failover_max", "<", 5, "s"},
               {"Rebuffering events per session, smart", "smart_rebuffers_per_session", "<=",
                1, ""}};
  return vstack_system::info(
    "vstack-failover",
    "V-Stack (seed 003): a storage node fails and recovers under 100 streaming clients", d);
}

} // namespace detsim::scenarios::vstack
