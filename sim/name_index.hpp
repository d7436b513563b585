// sim/name_index.hpp: finds a node's id by its name. Open addressing over ids into the
// caller's own name table, so it costs 8 bytes a node where a std::map of copied names
// cost ~80 (80 MB at a million nodes). Lookups only: its hash order never reaches a run.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace detsim::sim {

class name_index {
public:
  /// Indexes `names[id]`; a name added again now finds the newer id.
  void add(const std::vector<std::string>& names, std::uint32_t id) {
    if ((used_ + 1) * 2 > slots_.size())
      grow(names);
    auto& slot = slots_[probe(names, names[id])];
    if (slot == empty)
      ++used_;
    slot = id;
  }

  std::optional<std::uint32_t> find(const std::vector<std::string>& names,
                                    std::string_view name) const {
    if (slots_.empty())
      return std::nullopt;
    auto id = slots_[probe(names, name)];
    if (id == empty)
      return std::nullopt;
    return id;
  }

private:
  static constexpr std::uint32_t empty = ~std::uint32_t{0};

  /// The slot that holds `name`, or the empty one where it would go.
  std::size_t probe(const std::vector<std::string>& names, std::string_view name) const {
    auto mask = slots_.size() - 1;
    auto i = std::hash<std::string_view>{}(name)&mask;
    while (slots_[i] != empty && names[slots_[i]] != name)
      i = (i + 1) & mask;
    return i;
  }

  void grow(const std::vector<std::string>& names) {
    auto old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, empty);
    for (auto id : old)
      if (id != empty)
        slots_[probe(names, names[id])] = id;
  }

  std::vector<std::uint32_t> slots_; ///< node ids; a power-of-two count, at most half full
  std::size_t used_ = 0;
};

} // namespace detsim::sim
