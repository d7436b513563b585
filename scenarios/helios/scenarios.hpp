// scenarios/helios/scenarios.hpp: the Helios scenarios (seed 000), one file each, all on
// the store actor of actors/helios.
#pragma once

#include "detsim/runtime/registry.hpp"

namespace detsim::scenarios::helios {

runtime::scenario_info mcts_info();
runtime::scenario_info muzero_info();
runtime::scenario_info timetravel_info();
runtime::scenario_info chaos_info();
runtime::scenario_info recovery_info();

} // namespace detsim::scenarios::helios
