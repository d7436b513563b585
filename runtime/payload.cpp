// runtime/payload.cpp: the process-wide table of payload sizes. Types are registered while
// scenarios announce them (before a run) and engines read a copy, so the table's lock is
// never held while messages flow.
#include "detsim/runtime/payload.hpp"

#include <mutex>

namespace detsim::runtime {

namespace {

std::mutex& table_lock() {
  static std::mutex lock;
  return lock;
}

payload_sizes& table() {
  static payload_sizes sizes;
  return sizes;
}

} // namespace

void declare_payload(const std::type_info& type, payload_size_fn size) {
  std::lock_guard<std::mutex> guard{table_lock()};
  table().emplace(std::type_index(type), size);
}

payload_sizes declared_payloads() {
  std::lock_guard<std::mutex> guard{table_lock()};
  return table();
}

std::uint64_t wire_bytes(const caf::type_erased_tuple& content, const payload_sizes& sizes) {
  if (sizes.empty() || content.size() != 1)
    return message_header_bytes;
  auto type = content.type(0);
  if (type.first != 0 || !type.second)
    return message_header_bytes; // CAF's own types carry no declared payload
  auto found = sizes.find(std::type_index(*type.second));
  return found == sizes.end() ? message_header_bytes : message_header_bytes + found->second(content.get(0));
}

} // namespace detsim::runtime
