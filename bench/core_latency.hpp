// bench/core_latency.hpp: how long a cache line takes to go from one core to another
// and back, measured now. A split run's groups hand each other messages and touch each
// other's actors' reference counts, so its speed follows this figure; on a virtual
// machine it can change several times over within minutes (its cores' placement on the
// host), and the threaded rounds are read next to it, as wall times are read next to the
// reference ring.
#pragma once

#include <string>

namespace bench {

/// One round trip of a cache line between the first two processors this process may run
/// on, measured now (median of a few tries), for a report line: "412 ns", or why not.
std::string core_round_trip_text();

} // namespace bench
