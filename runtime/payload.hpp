// runtime/payload.hpp: what a message weighs on the wire. A message type that carries data
// says how much with a member `std::uint64_t payload_bytes() const`; announce_messages
// registers it, and the engines hand the network model header + payload bytes, so that
// NIC and link bandwidths delay a chunk transfer as long as its size takes. Other messages
// weigh a header only.
#pragma once

#include "detsim/sim/network.hpp"

#include <caf/type_erased_tuple.hpp>

#include <cstdint>
#include <map>
#include <type_traits>
#include <typeindex>
#include <utility>

namespace detsim::runtime {

/// What every message costs on the wire besides its payload (framing, ids, headers).
constexpr std::uint64_t message_header_bytes = sim::control_message_bytes;

using payload_size_fn = std::uint64_t (*)(const void* message);
using payload_sizes = std::map<std::type_index, payload_size_fn>;

/// Registers a type's payload size (idempotent; announce_messages calls it).
void declare_payload(const std::type_info& type, payload_size_fn size);
/// Every registered type's size function: a copy, which an engine keeps for its run.
payload_sizes declared_payloads();

/// Header plus the declared payload of a one-value message; a header for anything else.
std::uint64_t wire_bytes(const caf::type_erased_tuple& content, const payload_sizes& sizes);

template <class T, class = void>
struct has_payload : std::false_type {};
template <class T>
struct has_payload<T, std::void_t<decltype(std::declval<const T&>().payload_bytes())>> : std::true_type {};

/// Registers T's payload size if it declares one.
template <class T>
void declare_payload_if_any() {
  if constexpr (has_payload<T>::value)
    declare_payload(typeid(T), [](const void* message) -> std::uint64_t {
      return static_cast<const T*>(message)->payload_bytes();
    });
}

} // namespace detsim::runtime
