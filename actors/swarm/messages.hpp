// actors/swarm/messages.hpp: the swarm's message types, each declared once with
// DETSIM_MESSAGE (CAF serialization, trace payload hashes, printing, registration).
#pragma once

#include "detsim/runtime/message.hpp"

#include <cstdint>

namespace detsim::actors::swarm {

/// An agent's own decision timer.
struct tick {};

/// Asks a resource for an exclusive lease.
struct acquire {
  std::uint32_t agent = 0;
};

/// A resource's answer to acquire.
struct lease_reply {
  bool granted = false;
  std::uint64_t lease = 0;
  std::int64_t valid_for_ns = 0;
};

/// Writes a value under a held lease.
struct update {
  std::uint64_t lease = 0;
  std::uint64_t value = 0;
};

struct update_reply {
  bool accepted = false;
  std::uint64_t version = 0;
  std::uint64_t checksum = 0;
};

/// Gives a lease back early (one-way).
struct release {
  std::uint64_t lease = 0;
};

DETSIM_MESSAGE(tick, "swarm::tick")
DETSIM_MESSAGE(acquire, "swarm::acquire", x.agent)
DETSIM_MESSAGE(lease_reply, "swarm::lease_reply", x.granted, x.lease, x.valid_for_ns)
DETSIM_MESSAGE(update, "swarm::update", x.lease, x.value)
DETSIM_MESSAGE(update_reply, "swarm::update_reply", x.accepted, x.version, x.checksum)
DETSIM_MESSAGE(release, "swarm::release", x.lease)

/// Registers every swarm message type with CAF.
inline void announce_types(caf::actor_system_config& cfg) {
  runtime::announce_messages<tick, acquire, lease_reply, update, update_reply, release>(cfg);
}

} // namespace detsim::actors::swarm
