// actors/helios/state_store.cpp: records, deltas, the digest index, forks and merges.
#include "detsim/actors/helios/state_store.hpp"

#include "detsim/actors/helios/delta.hpp"
#include "detsim/sim/assert.hpp"

#include <algorithm>
#include <cstring>
#include <deque>
#include <unordered_set>

namespace detsim::actors::helios {

namespace {

/// Digests are uniformly random, so their first eight bytes are a good slot number and
/// the next four a tag that tells most other digests apart without reading their record.
std::uint64_t slot_key(const digest& id) {
  std::uint64_t key;
  std::memcpy(&key, id.data(), sizeof key);
  return key;
}

std::uint64_t tag_of(const digest& id) {
  std::uint32_t tag;
  std::memcpy(&tag, id.data() + 8, sizeof tag);
  return std::uint64_t{tag} << 32;
}

/// An index slot: the tag in the high half, record + 1 in the low half (0: empty).
std::uint64_t slot_entry(const digest& id, std::uint32_t index) { return tag_of(id) | (index + 1u); }

} // namespace

state_store::state_store(store_options options)
  : options_(options), merkle_([this](std::uint64_t i) -> const digest& { return records_[i].id; }) {
  DETSIM_ASSERT(options_.snapshot_every >= 1 && options_.snapshot_every <= 255);
  DETSIM_ASSERT(options_.max_state_bytes <= 65535);
}

std::optional<std::uint32_t> state_store::find(const digest& id) const {
  if (index_.empty())
    return std::nullopt;
  auto mask = index_.size() - 1;
  auto tag = tag_of(id);
  for (auto slot = slot_key(id) & mask;; slot = (slot + 1) & mask) {
    auto entry = index_[slot];
    if (entry == 0)
      return std::nullopt;
    auto record = static_cast<std::uint32_t>(entry) - 1;
    if ((entry & ~std::uint64_t{0xffffffff}) == tag && records_[record].id == id)
      return record;
  }
}

void state_store::index_insert(std::uint32_t index) {
  if ((records_.size() + 1) * 10 > index_.size() * 7)
    grow_index();
  auto mask = index_.size() - 1;
  auto slot = slot_key(records_[index].id) & mask;
  while (index_[slot] != 0)
    slot = (slot + 1) & mask;
  index_[slot] = slot_entry(records_[index].id, index);
}

void state_store::grow_index() {
  std::vector<std::uint64_t> old;
  old.swap(index_);
  index_.assign(std::max<std::size_t>(1024, old.size() * 2), 0);
  auto mask = index_.size() - 1;
  for (auto entry : old) {
    if (entry == 0)
      continue;
    auto slot = slot_key(records_[static_cast<std::uint32_t>(entry) - 1].id) & mask;
    while (index_[slot] != 0)
      slot = (slot + 1) & mask;
    index_[slot] = entry;
  }
}

void state_store::append_record(const digest& id, std::uint32_t parent, std::uint8_t chain,
                                std::string_view data) {
  DETSIM_ASSERT(data.size() <= options_.max_state_bytes);
  record r;
  r.id = id;
  r.parent = parent;
  r.chain = chain;
  r.length = static_cast<std::uint16_t>(data.size());
  if (data.size() <= record::inline_bytes)
    std::copy(data.begin(), data.end(), r.data.bytes);
  else
    r.data.offset = arena_.add(data);
  records_.push_back(r);
  auto index = static_cast<std::uint32_t>(records_.size() - 1);
  index_insert(index);
  merkle_.appended(hasher_, records_.size());
}

commit_result state_store::add(const digest& id, std::uint32_t parent, std::string_view content) {
  auto index = static_cast<std::uint32_t>(records_.size());
  if (parent != none && records_[parent].chain + 1u < options_.snapshot_every) {
    materialize(parent, parent_scratch_);
    auto delta = encode_delta(parent_scratch_, content);
    if (delta.size() < content.size() / 2) {
      append_record(id, parent, static_cast<std::uint8_t>(records_[parent].chain + 1), delta);
      return {id, index, true};
    }
  }
  append_record(id, parent, 0, content);
  return {id, index, true};
}

commit_result state_store::commit(const digest* parent, std::string_view content) {
  DETSIM_ASSERT(content.size() <= options_.max_state_bytes);
  auto id = hasher_.of(content);
  if (auto known = find(id))
    return {id, *known, false};
  auto parent_index = parent ? find(*parent).value_or(none) : none;
  return add(id, parent_index, content);
}

std::optional<commit_result> state_store::commit_delta(const digest& parent, std::string_view delta) {
  auto parent_index = find(parent);
  auto size = delta_target_size(delta);
  if (!parent_index || size < 0 || static_cast<std::uint64_t>(size) > options_.max_state_bytes)
    return std::nullopt;
  materialize(*parent_index, scratch_);
  if (!apply_delta(scratch_, delta))
    return std::nullopt;
  auto id = hasher_.of(scratch_);
  if (auto known = find(id))
    return commit_result{id, *known, false};
  auto index = static_cast<std::uint32_t>(records_.size());
  auto chain = records_[*parent_index].chain + 1u;
  // The client's delta is already a delta from the parent: keep it as it came.
  if (chain < options_.snapshot_every && delta.size() < scratch_.size() / 2)
    append_record(id, *parent_index, static_cast<std::uint8_t>(chain), delta);
  else
    append_record(id, *parent_index, 0, scratch_);
  return commit_result{id, index, true};
}

void state_store::restore(const digest& id, std::uint32_t parent, std::uint32_t second_parent,
                          bool full, std::string_view data) {
  DETSIM_ASSERT(full || parent < records_.size());
  auto chain = full ? 0 : records_[parent].chain + 1;
  DETSIM_ASSERT(chain < 256);
  append_record(id, parent, static_cast<std::uint8_t>(chain), data);
  if (second_parent != none)
    second_parents_[static_cast<std::uint32_t>(records_.size() - 1)] = second_parent;
}

void state_store::materialize(std::uint32_t index, std::string& out) const {
  std::uint32_t chain[256];
  std::size_t depth = 0;
  while (records_[index].chain != 0) {
    chain[depth++] = index;
    index = records_[index].parent;
  }
  out.assign(records_[index].view(arena_));
  while (depth > 0) {
    bool ok = apply_delta(out, records_[chain[--depth]].view(arena_));
    DETSIM_ASSERT(ok);
  }
}

std::optional<std::string> state_store::get(const digest& id) const {
  auto index = find(id);
  if (!index)
    return std::nullopt;
  std::string content;
  materialize(*index, content);
  return content;
}

std::string_view state_store::stored_data(std::uint32_t index) const {
  return records_[index].view(arena_);
}

std::uint32_t state_store::second_parent_of(std::uint32_t index) const {
  auto i = second_parents_.find(index);
  return i == second_parents_.end() ? none : i->second;
}

bool state_store::fork(const std::string& name, const digest& id) {
  auto index = find(id);
  if (!index)
    return false;
  auto [entry, added] = branches_.try_emplace(name, *index);
  entry->second = *index;
  if (added)
    branch_name_bytes_ += name.capacity();
  return true;
}

std::optional<digest> state_store::branch(const std::string& name) const {
  auto i = branches_.find(name);
  if (i == branches_.end())
    return std::nullopt;
  return records_[i->second].id;
}

std::vector<digest> state_store::log(const digest& id, std::size_t limit) const {
  std::vector<digest> history;
  auto index = find(id).value_or(none);
  while (index != none && history.size() < limit) {
    history.push_back(records_[index].id);
    index = records_[index].parent;
  }
  return history;
}

merge_result state_store::merge(const digest& a, const digest& b) {
  merge_result result;
  auto ia = find(a), ib = find(b);
  if (!ia || !ib) {
    result.error = "unknown state";
    return result;
  }
  // The common ancestor nearest to b, searching both parents of merges.
  std::unordered_set<std::uint32_t> of_a;
  std::deque<std::uint32_t> queue{*ia};
  while (!queue.empty()) {
    auto i = queue.front();
    queue.pop_front();
    if (i == none || !of_a.insert(i).second)
      continue;
    queue.push_back(records_[i].parent);
    queue.push_back(second_parent_of(i));
  }
  auto base = none;
  std::unordered_set<std::uint32_t> of_b;
  queue.assign(1, *ib);
  while (!queue.empty() && base == none) {
    auto i = queue.front();
    queue.pop_front();
    if (i == none || !of_b.insert(i).second)
      continue;
    if (of_a.count(i))
      base = i;
    queue.push_back(records_[i].parent);
    queue.push_back(second_parent_of(i));
  }
  if (base == none) {
    result.error = "no common ancestor";
    return result;
  }
  std::string ours, theirs, common;
  materialize(*ia, ours);
  materialize(*ib, theirs);
  materialize(base, common);
  if (ours.size() != theirs.size() || ours.size() != common.size()) {
    result.error = "sizes differ";
    return result;
  }
  for (std::size_t i = 0; i < ours.size(); ++i) {
    if (ours[i] == theirs[i] || theirs[i] == common[i])
      continue;
    if (ours[i] == common[i])
      ours[i] = theirs[i];
    else
      result.conflicts.push_back(static_cast<std::uint32_t>(i));
  }
  if (!result.conflicts.empty())
    return result;
  auto merged = commit(&a, ours);
  if (merged.created && merged.index != *ib)
    second_parents_[merged.index] = *ib;
  result.merged = merged;
  return result;
}

digest state_store::root(std::uint64_t size) {
  DETSIM_ASSERT(size <= records_.size());
  return merkle_.root(hasher_, size);
}

std::optional<merkle_proof> state_store::prove(const digest& id, std::uint64_t size) {
  auto index = find(id);
  if (!index || *index >= size || size > records_.size())
    return std::nullopt;
  return merkle_.prove(hasher_, *index, size);
}

digest state_store::set_digest() {
  std::vector<digest> ids;
  ids.reserve(records_.size());
  for (std::size_t i = 0; i < records_.size(); ++i)
    ids.push_back(records_[i].id);
  std::sort(ids.begin(), ids.end());
  std::string joined;
  for (const auto& id : ids)
    joined.append(view_of(id));
  return hasher_.of(joined);
}

std::uint64_t state_store::memory_bytes() const {
  // Unordered maps: a node (key, value, next pointer, cached hash) per entry plus buckets.
  auto branch_bytes = branches_.size() * 48 + branch_name_bytes_ +
                      branches_.bucket_count() * sizeof(void*);
  auto merge_bytes = second_parents_.size() * 32 + second_parents_.bucket_count() * sizeof(void*);
  return records_.memory_bytes() + arena_.memory_bytes() + index_.capacity() * sizeof(std::uint64_t) +
         merkle_.memory_bytes() + branch_bytes + merge_bytes;
}

} // namespace detsim::actors::helios
