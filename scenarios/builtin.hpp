// scenarios/builtin.hpp: the scenarios that ship with detsim (swarm, V-Stack). Only
// programs that link detsim::scenarios get them; a user's program starts from its own list.
#pragma once

#include "detsim/runtime/registry.hpp"

namespace detsim::scenarios {

/// Every scenario that ships with detsim.
runtime::registry builtin_registry();

} // namespace detsim::scenarios
