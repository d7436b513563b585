// runtime/message.hpp: a message type declared once. DETSIM_MESSAGE gives the type its
// portable name and its fields (one inspect() for CAF serialization, trace payload hashes
// and printing); announce_messages registers types under that same name.
#pragma once

#include "detsim/runtime/payload.hpp"

#include <caf/actor_system_config.hpp>
#include <caf/meta/type_name.hpp>

/// Declares `type` as a message named `name` with the listed fields, where `x` is the
/// message: DETSIM_MESSAGE(acquire, "swarm::acquire", x.agent). Use it in the type's own
/// namespace, after the type; a type without fields lists none.
#define DETSIM_MESSAGE(type, name, ...)                                                     \
  constexpr const char* detsim_message_name(const type*) { return name; }                 \
  template <class Inspector>                                                               \
  typename Inspector::result_type inspect(Inspector& f, [[maybe_unused]] type& x) {        \
    return f(caf::meta::type_name(name) __VA_OPT__(, ) __VA_ARGS__);                       \
  }

namespace detsim::runtime {

/// Registers each message type with CAF under the name its DETSIM_MESSAGE gave it, and
/// the payload size of those that declare one (runtime/payload.hpp).
template <class... Messages>
void announce_messages(caf::actor_system_config& cfg) {
  (cfg.add_message_type<Messages>(detsim_message_name(static_cast<const Messages*>(nullptr))),
   ...);
  (declare_payload_if_any<Messages>(), ...);
}

} // namespace detsim::runtime
