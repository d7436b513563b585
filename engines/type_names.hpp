// engines/type_names.hpp: gives each message type a small stable id (in order of first
// appearance, which is deterministic) and hashes serialized payloads for the trace.
#pragma once

#include "detsim/sim/trace_event.hpp"

#include <caf/actor_system.hpp>
#include <caf/mailbox_element.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <typeinfo>
#include <unordered_map>
#include <vector>

namespace detsim::engines {

class type_names {
public:
  explicit type_names(caf::actor_system& system) : system_(system) {}

  /// Reports new names to `sink` (may be null).
  void set_listener(std::function<void(std::uint32_t, const std::string&)> listener) {
    listener_ = std::move(listener);
  }

  /// The id of a name (interned on first use).
  std::uint32_t intern(const std::string& name);

  /// The id of the element's message type (1-based; 0 is "no message").
  std::uint32_t id_of(const caf::mailbox_element& element);

  /// 64-bit hash of the element's serialized values.
  std::uint64_t payload_hash(const caf::mailbox_element& element);

  /// True for exit_msg and down_msg, which the network never drops.
  static bool is_failure_notice(const caf::mailbox_element& element);

private:

  caf::actor_system& system_;
  std::function<void(std::uint32_t, const std::string&)> listener_;
  // Lookup caches only; ids come from `by_name_` in order of first appearance.
  std::unordered_map<const std::type_info*, std::uint32_t> by_user_type_;
  std::vector<std::uint32_t> by_builtin_type_;
  std::map<std::string, std::uint32_t> by_name_;
  std::vector<char> buffer_;
  const std::type_info* last_user_type_ = nullptr; // one-entry cache for runs of one type
  std::uint32_t last_user_id_ = 0;
};

} // namespace detsim::engines
