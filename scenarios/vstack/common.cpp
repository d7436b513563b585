// scenarios/vstack/common.cpp: V-Stack's storage nodes and manager, and counting the
// durable, listed copies of acknowledged chunks.
#include "detsim/scenarios/vstack/common.hpp"

#include <fmt/format.h>

namespace detsim::scenarios::vstack {

std::vector<std::string> storage_node_names(std::uint32_t count) {
  std::vector<std::string> names;
  for (std::uint32_t i = 0; i < count; ++i)
    names.push_back(fmt::format("node-{}", i));
  return names;
}

std::vector<sim::node_id> add_storage_nodes(
  runtime::world& w, std::uint32_t count,
  const std::function<actors::vstack::storage_options(std::uint32_t)>& options_of,
  actors::vstack::storage_stats* stats) {
  std::vector<sim::node_id> nodes;
  auto names = storage_node_names(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    auto node = w.add_node(names[i], [options = options_of(i), stats](runtime::world& world,
                                                                      sim::node_id id) {
      return world.system().spawn<actors::vstack::storage_node>(std::ref(world), id, options, stats);
    });
    w.network().add_to_group("nodes", node);
    nodes.push_back(node);
  }
  for (auto node : nodes)
    w.start_node(node);
  return nodes;
}

sim::node_id add_manager(runtime::world& w, const actors::vstack::manager_options& options,
                         actors::vstack::manager_stats* stats) {
  auto node = w.add_node("manager", [options, stats](runtime::world& world, sim::node_id id) {
    return world.system().spawn<actors::vstack::manager>(std::ref(world), id, options, stats);
  });
  w.start_node(node);
  return node;
}

actors::vstack::directory directory_now(const actors::vstack::manager_stats& manager, runtime::world& w,
                                        sim::node_id manager_node) {
  return manager.live ? *manager.live : actors::vstack::manager::recover(w.store(manager_node));
}

runtime::invariant_result directory_agrees_with_nodes(const actors::vstack::manager_stats& manager,
                                                      runtime::world& w) {
  std::vector<std::string> stale;
  if (manager.live && manager.reconciled) // not rebuilt yet is not a failure
    for (const auto& [chunk, entry] : *manager.live)
      for (auto node : entry.holders) {
        auto data = actors::vstack::storage_node::durable_chunk(w.store(node), chunk);
        if ((!data || data->value != entry.value) && stale.size() < 5)
          stale.push_back(fmt::format("chunk {}: the directory lists {}, which does not hold it",
                                      chunk, w.network().name(node)));
      }
  return runtime::verdict("directory_agrees_with_nodes", stale);
}

runtime::invariant_result readable_after_minority_failure(const actors::paxos::checker& checker,
                                                          const actors::vstack::directory& directory,
                                                          runtime::world& w, std::uint32_t nodes) {
  runtime::invariant_result r{"acked_readable_after_minority", true, {}, {}};
  auto needed = (nodes - 1) / 2 + 1; // survivors of the worst minority failure
  for (auto chunk : checker.acknowledged()) {
    const auto* chosen = checker.chosen(chunk);
    auto entry = directory.find(chunk);
    std::uint32_t durable = 0;
    if (chosen && entry != directory.end())
      for (auto node : entry->second.holders) {
        auto data = actors::vstack::storage_node::durable_chunk(w.store(node), chunk);
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

} // namespace detsim::scenarios::vstack
