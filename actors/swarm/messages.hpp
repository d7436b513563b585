// actors/swarm/messages.hpp: the swarm's message types. One inspect() per type serves
// CAF serialization, trace payload hashes and printing.
#pragma once

#include <caf/actor_system_config.hpp>
#include <caf/meta/type_name.hpp>

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

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, tick&) {
  return f(caf::meta::type_name("swarm::tick"));
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, acquire& x) {
  return f(caf::meta::type_name("swarm::acquire"), x.agent);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, lease_reply& x) {
  return f(caf::meta::type_name("swarm::lease_reply"), x.granted, x.lease, x.valid_for_ns);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, update& x) {
  return f(caf::meta::type_name("swarm::update"), x.lease, x.value);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, update_reply& x) {
  return f(caf::meta::type_name("swarm::update_reply"), x.accepted, x.version, x.checksum);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, release& x) {
  return f(caf::meta::type_name("swarm::release"), x.lease);
}

/// Registers every swarm message type with CAF.
inline void announce_types(caf::actor_system_config& cfg) {
  cfg.add_message_type<tick>("swarm::tick");
  cfg.add_message_type<acquire>("swarm::acquire");
  cfg.add_message_type<lease_reply>("swarm::lease_reply");
  cfg.add_message_type<update>("swarm::update");
  cfg.add_message_type<update_reply>("swarm::update_reply");
  cfg.add_message_type<release>("swarm::release");
}

} // namespace detsim::actors::swarm
