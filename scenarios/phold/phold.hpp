// scenarios/phold/phold.hpp: the PHOLD benchmark as a scenario, so detsim's speed can
// be compared with published engines on the workload they all report.
#pragma once

#include "detsim/runtime/registry.hpp"

namespace detsim::scenarios::phold {

runtime::scenario_info phold_info();

} // namespace detsim::scenarios::phold
