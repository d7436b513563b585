// actors/helios/store_log.cpp: record framing, checkpoint blocks and recovery.
#include "detsim/actors/helios/store_log.hpp"

#include "detsim/sim/assert.hpp"
#include "detsim/sim/rng.hpp"

#include <cstdio>
#include <cstring>

namespace detsim::actors::helios {

namespace {

constexpr const char* checkpoint_prefix = "helios/checkpoint/";
constexpr const char* segment_prefix = "helios/log/";
constexpr std::size_t body_header = 32 + 4 + 4 + 1;

std::string numbered(const char* prefix, std::uint64_t n) {
  char name[64];
  std::snprintf(name, sizeof name, "%s%010llu", prefix, static_cast<unsigned long long>(n));
  return name;
}

template <class T>
void put(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

template <class T>
bool take(std::string_view& in, T& value) {
  if (in.size() < sizeof(T))
    return false;
  std::memcpy(&value, in.data(), sizeof(T));
  in.remove_prefix(sizeof(T));
  return true;
}

/// A state as the log keeps it: digest, parents, whether full, stored bytes.
void put_body(std::string& out, const state_store& store, std::uint32_t index) {
  out.append(view_of(store.id_of(index)));
  put(out, store.parent_of(index));
  put(out, store.second_parent_of(index));
  out += store.stored_full(index) ? '\1' : '\0';
  out.append(store.stored_data(index));
}

bool restore_body(state_store& store, std::string_view body) {
  if (body.size() < body_header)
    return false;
  digest id;
  parse_digest(body.substr(0, 32), id);
  body.remove_prefix(32);
  std::uint32_t parent = 0, second = 0;
  take(body, parent);
  take(body, second);
  bool full = body.front() == '\1';
  body.remove_prefix(1);
  // A delta needs its parent, which the log always holds earlier.
  if (!full && parent >= store.size())
    return false;
  store.restore(id, parent, second, full, body);
  return true;
}

} // namespace

store_log::store_log(sim::durable_store& disk, std::uint32_t checkpoint_every)
  : disk_(disk), checkpoint_every_(checkpoint_every) {}

std::string store_log::segment_name() const { return numbered(segment_prefix, checkpoints_); }

void store_log::append(const state_store& store, std::uint32_t index) {
  DETSIM_ASSERT(index == logged_); // states are logged in order, each once
  ++logged_;
  buffer_.clear();
  put_body(buffer_, store, index);
  std::string record;
  put(record, static_cast<std::uint32_t>(buffer_.size()));
  put(record, sim::stable_hash(buffer_));
  record += buffer_;
  disk_.append(segment_name(), record);
}

void store_log::checkpoint_if_due(const state_store& store) {
  if (logged_ - checkpointed_ < checkpoint_every_)
    return;
  std::string records;
  for (auto i = checkpointed_; i < logged_; ++i) {
    buffer_.clear();
    put_body(buffer_, store, static_cast<std::uint32_t>(i));
    put(records, static_cast<std::uint32_t>(buffer_.size()));
    records += buffer_;
  }
  std::string block;
  put(block, checkpointed_);
  put(block, logged_ - checkpointed_);
  put(block, sim::stable_hash(records));
  block += records;
  // The block and the new, empty segment become durable together; only then is the old
  // segment, which the block now covers, deleted.
  auto old_segment = segment_name();
  disk_.put(numbered(checkpoint_prefix, checkpoints_), std::move(block));
  ++checkpoints_;
  checkpointed_ = logged_;
  disk_.sync();
  disk_.remove_log(old_segment);
}

bool store_log::load_checkpoint(state_store& store, std::string_view block) {
  std::uint64_t start = 0, count = 0, checksum = 0;
  if (!take(block, start) || !take(block, count) || !take(block, checksum) ||
      start != store.size() || sim::stable_hash(block) != checksum)
    return false;
  for (std::uint64_t i = 0; i < count; ++i) {
    std::uint32_t length = 0;
    if (!take(block, length) || length > block.size() ||
        !restore_body(store, block.substr(0, length)))
      return false;
    block.remove_prefix(length);
  }
  return true;
}

std::uint64_t store_log::replay_segment(state_store& store, recovery_result& result) {
  auto segment = disk_.log(segment_name());
  std::uint64_t good = 0; // bytes of whole, valid records
  auto rest = segment;
  while (!rest.empty()) {
    std::uint32_t length = 0;
    std::uint64_t checksum = 0;
    auto record = rest;
    if (!take(record, length) || !take(record, checksum) || record.size() < length)
      break;
    auto body = record.substr(0, length);
    if (sim::stable_hash(body) != checksum || !restore_body(store, body))
      break;
    rest = record.substr(length);
    good = segment.size() - rest.size();
    ++result.log_records;
  }
  return segment.size() - good;
}

recovery_result store_log::recover(state_store& store) {
  recovery_result result;
  checkpoints_ = 0;
  for (const auto& key : disk_.keys(checkpoint_prefix)) {
    if (key != numbered(checkpoint_prefix, checkpoints_) ||
        !load_checkpoint(store, disk_.get(key).value())) {
      result.error = "checkpoint " + key + " is damaged";
      break;
    }
    ++checkpoints_;
  }
  result.checkpoints = checkpoints_;
  checkpointed_ = store.size();
  result.torn_bytes = replay_segment(store, result);
  // Drop the torn tail so new records follow whole ones, and segments of checkpoints that
  // never became durable.
  auto current = segment_name();
  disk_.truncate(current, disk_.log(current).size() - result.torn_bytes);
  for (const auto& name : disk_.log_names(segment_prefix))
    if (name != current)
      disk_.remove_log(name);
  result.states = store.size();
  logged_ = store.size();
  return result;
}

} // namespace detsim::actors::helios
