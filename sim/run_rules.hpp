// sim/run_rules.hpp: the version of the rules by which the deterministic engine turns a
// seed into a run. A trace records it; a trace made under other rules cannot replay event
// for event, and replay refuses it by name instead of reporting a divergence.
#pragma once

#include <cstdint>

namespace detsim::sim {

/// 1 (detsim 0.1): a step picked any ready actor from one engine-wide stream, and every
///   send's network draws came from one engine-wide stream.
/// 2 (detsim 0.2): the nodes ready at one instant run in an order drawn from the seed and
///   the instant; each node's sends draw from the node's own stream.
constexpr std::uint32_t run_rules = 2;

} // namespace detsim::sim
