// scenarios/vstack_checks.cpp: counting durable, listed copies of acknowledged chunks.
#include "scenarios/vstack_checks.hpp"

#include "actors/vstack_storage.hpp"

#include <fmt/format.h>

namespace scenarios {

invariant_result readable_after_minority_failure(const paxos::checker& checker,
                                                 const vstack::manager_stats& manager,
                                                 actors::world& w, std::uint32_t nodes) {
  invariant_result r{"acked_readable_after_minority", true, {}};
  auto needed = (nodes - 1) / 2 + 1; // survivors of the worst minority failure
  for (auto chunk : checker.acknowledged()) {
    const auto* chosen = checker.chosen(chunk);
    auto entry = manager.directory.find(chunk);
    std::uint32_t durable = 0;
    if (chosen && entry != manager.directory.end())
      for (auto node : entry->second.holders) {
        auto data = vstack::storage_node::durable_chunk(w.store(node), chunk);
        durable += data && data->value == *chosen;
      }
    if (durable < needed) {
      r.passed = false;
      if (r.violations.size() < 5)
        r.violations.push_back(fmt::format(
          "chunk {}: acknowledged, but only {} listed holder(s) keep the chosen data durably "
          "({} of {} nodes must, to survive any minority failure)",
          chunk, durable, needed, nodes));
    }
  }
  return r;
}

} // namespace scenarios
