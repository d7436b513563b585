// scenarios/vstack_common.hpp: what vstack-paxos and the streaming V-Stack scenarios
// share: the storage nodes and the manager they run, and the durability invariant.
#pragma once

#include "actors/paxos_checker.hpp"
#include "actors/vstack_manager.hpp"
#include "actors/vstack_storage.hpp"
#include "scenarios/scenario.hpp"

#include <functional>
#include <string>
#include <vector>

namespace scenarios {

/// "node-0" ... "node-{count-1}", the names add_storage_nodes gives.
std::vector<std::string> storage_node_names(std::uint32_t count);

/// Declares and starts `count` storage nodes (group "nodes"); node i runs with
/// `options_of(i)`. Returns their ids in order.
std::vector<sim::node_id> add_storage_nodes(
  actors::world& w, std::uint32_t count,
  const std::function<vstack::storage_options(std::uint32_t)>& options_of,
  vstack::storage_stats* stats);

/// Declares and starts the manager node.
sim::node_id add_manager(actors::world& w, const vstack::manager_options& options,
                         vstack::manager_stats* stats);

/// Every acknowledged upload survives any minority failure: a majority of the nodes the
/// directory lists keep the chosen data durably.

invariant_result readable_after_minority_failure(const paxos::checker& checker,
                                                 const vstack::manager_stats& manager,
                                                 actors::world& w, std::uint32_t nodes);

} // namespace scenarios
