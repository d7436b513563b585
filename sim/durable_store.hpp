// sim/durable_store.hpp: a node's simulated disk. Writes are volatile until sync();
// a crash keeps what was synced and loses the rest, as fsync semantics promise.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace detsim::sim {

class durable_store {
public:
  void put(const std::string& key, std::string value) { pending_[key] = std::move(value); }

  /// Makes every pending write survive a crash.
  void sync() {
    for (auto& [key, value] : pending_)
      synced_[key] = std::move(value);
    pending_.clear();
    ++sync_count_;
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

  /// A crash: unsynced writes are gone.
  void crash() { pending_.clear(); }

  std::uint64_t sync_count() const { return sync_count_; }

private:
  std::map<std::string, std::string> synced_;
  std::map<std::string, std::string> pending_;
  std::uint64_t sync_count_ = 0;
};

} // namespace detsim::sim
