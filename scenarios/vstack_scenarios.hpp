// scenarios/vstack_scenarios.hpp: the V-Stack streaming scenarios (seed 003), one file
// each, all built on vstack_system.
#pragma once

#include "scenarios/scenario.hpp"

namespace scenarios {

scenario_info vstack_compare_info();
scenario_info vstack_failover_info();
scenario_info vstack_network_info();
scenario_info vstack_chaos_info();
scenario_info vstack_benchmark_info();

} // namespace scenarios
