// engines/type_names.cpp: message type ids and payload hashes.
#include "detsim/engines/type_names.hpp"

#include "detsim/sim/rng.hpp"

#include <caf/binary_serializer.hpp>
#include <caf/system_messages.hpp>

namespace detsim::engines {

std::uint32_t type_names::intern(const std::string& name) {
  auto [i, added] = by_name_.emplace(name, static_cast<std::uint32_t>(by_name_.size() + 1));
  if (added && listener_)
    listener_(i->second, name);
  return i->second;
}

std::uint32_t type_names::id_of(const caf::mailbox_element& element) {
  const auto& content = element.content();
  const auto size = content.size();
  if (size == 1) {
    auto rtti = content.type(0);
    if (rtti.first == 0) {
      if (rtti.second == last_user_type_)
        return last_user_id_;
      auto& id = by_user_type_[rtti.second];
      if (id == 0)
        id = intern(system_.types().portable_name(rtti));
      last_user_type_ = rtti.second;
      last_user_id_ = id;
      return id;
    }
    if (rtti.first >= by_builtin_type_.size())
      by_builtin_type_.resize(rtti.first + 1u, 0);
    auto& id = by_builtin_type_[rtti.first];
    if (id == 0)
      id = intern(system_.types().portable_name(rtti));
    return id;
  }
  std::string name = size == 0 ? "(empty)" : "";
  for (std::size_t i = 0; i < size; ++i)
    name += (i ? "," : "") + system_.types().portable_name(content.type(i));
  return intern(name);
}

std::uint64_t type_names::payload_hash(const caf::mailbox_element& element) {
  buffer_.clear();
  caf::binary_serializer sink{system_, buffer_};
  if (auto err = element.content().save(sink))
    return 0;
  return sim::stable_hash(std::string_view{buffer_.data(), buffer_.size()});
}

bool type_names::is_failure_notice(const caf::mailbox_element& element) {
  const auto& content = element.content();
  return content.match_elements<caf::exit_msg>() || content.match_elements<caf::down_msg>();
}

} // namespace detsim::engines
