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
/// 3 (detsim 0.3): timers and network arrivals due at the same instant come in the order
///   of the node that queued them and that node's count of entries queued, not in the
///   order they were queued, so a run split across threads merges back into one order;
///   and a failure notice (exit, down) that the network would have dropped arrives after
///   the link's latency floor rather than at once, so no message between two nodes
///   arrives sooner than that floor.
constexpr std::uint32_t run_rules = 3;

} // namespace detsim::sim
