// sim/durable_store.hpp: a node's simulated disk: keyed values and append-only logs.
// Writes are volatile until sync(); a crash keeps what was synced and loses the rest, as
// fsync semantics promise, except that a log may keep part of its unsynced tail (the
// disk wrote some of it, in order, and stopped anywhere: a torn write).
#pragma once

#include "detsim/sim/rng.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace detsim::sim {

class durable_store {
public:
  void put(const std::string& key, std::string value) { pending_[key] = std::move(value); }

  /// Makes every pending write (values and log appends) survive a crash.
  void sync() {
    for (auto& [key, value] : pending_)
      synced_[key] = std::move(value);
    pending_.clear();
    for (auto& [name, file] : logs_)
      file.synced = file.bytes.size();
    ++sync_count_;
  }

  /// Appends to log `name` (created empty on first use); volatile until sync().
  void append(const std::string& name, std::string_view bytes) { logs_[name].bytes.append(bytes); }

  /// The log's bytes as written so far (synced or not); empty if there is none.
  std::string_view log(const std::string& name) const {
    auto i = logs_.find(name);
    return i == logs_.end() ? std::string_view{} : std::string_view{i->second.bytes};
  }

  /// The names of the logs starting with `prefix`, sorted.
  std::vector<std::string> log_names(const std::string& prefix = {}) const {
    std::vector<std::string> found;
    for (auto i = logs_.lower_bound(prefix);
         i != logs_.end() && i->first.compare(0, prefix.size(), prefix) == 0; ++i)
      found.push_back(i->first);
    return found;
  }

  /// Deletes log `name` at once, durably.
  void remove_log(const std::string& name) { logs_.erase(name); }

  /// Cuts log `name` to its first `length` bytes, durably (a recovery dropping a torn
  /// tail, so that later appends follow whole records).
  void truncate(const std::string& name, std::size_t length) {
    auto i = logs_.find(name);
    if (i == logs_.end() || length >= i->second.bytes.size())
      return;
    i->second.bytes.resize(length);
    i->second.synced = std::min(i->second.synced, length);
  }

  /// Reads the newest value, synced or not.
  std::optional<std::string> get(const std::string& key) const {
    if (auto i = pending_.find(key); i != pending_.end())
      return i->second;
    if (auto i = synced_.find(key); i != synced_.end())
      return i->second;
    return std::nullopt;
  }

  /// Only what survives a crash.
  std::optional<std::string> get_synced(const std::string& key) const {
    if (auto i = synced_.find(key); i != synced_.end())
      return i->second;
    return std::nullopt;
  }

  /// Deletes at once, durably (a deletion that a crash undid would resurrect data).
  void erase(const std::string& key) {
    pending_.erase(key);
    synced_.erase(key);
  }

  /// Every key with a value (synced or not), sorted; only those starting with `prefix`
  /// when one is given.
  std::vector<std::string> keys(const std::string& prefix = {}) const {
    std::vector<std::string> found;
    for (const auto* values : {&synced_, &pending_})
      for (auto i = values->lower_bound(prefix);
           i != values->end() && i->first.compare(0, prefix.size(), prefix) == 0; ++i)
        found.push_back(i->first);
    // A key written again since its sync is in both maps: list it once.
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    return found;
  }

  /// A crash: unsynced values are gone. Each log keeps its synced bytes and, when
  /// `tear` is given, a prefix of its unsynced tail of a length drawn from it (the disk
  /// got that far, possibly mid-record); without, the whole unsynced tail is lost.
  void crash(rng* tear = nullptr) {
    pending_.clear();
    for (auto& [name, file] : logs_) {
      auto unsynced = file.bytes.size() - file.synced;
      auto kept = tear && unsynced > 0 ? tear->below(unsynced + 1) : 0;
      file.bytes.resize(file.synced + kept);
      file.synced = file.bytes.size();
    }
  }

  std::uint64_t sync_count() const { return sync_count_; }

private:
  std::map<std::string, std::string> synced_;
  std::map<std::string, std::string> pending_;
  struct log_file {
    std::string bytes;
    std::size_t synced = 0; ///< bytes a crash keeps for sure
  };
  std::map<std::string, log_file> logs_;
  std::uint64_t sync_count_ = 0;
};

} // namespace detsim::sim
