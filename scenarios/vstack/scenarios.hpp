// scenarios/vstack/scenarios.hpp: the V-Stack streaming scenarios (seed 003), one file
// each, all built on vstack_system.
#pragma once

#include "detsim/runtime/registry.hpp"

namespace detsim::scenarios::vstack {

runtime::scenario_info vstack_compare_info();
runtime::scenario_info vstack_failover_info();
runtime::scenario_info vstack_network_info();
runtime::scenario_info vstack_chaos_info();
runtime::scenario_info vstack_benchmark_info();

} // namespace detsim::scenarios::vstack
