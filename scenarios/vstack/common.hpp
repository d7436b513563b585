// scenarios/vstack/common.hpp: what vstack-paxos and the streaming V-Stack scenarios
// share: the storage nodes and the manager they run, and the durability invariant.
#pragma once

#include "detsim/actors/paxos/checker.hpp"
#include "detsim/actors/vstack/manager.hpp"
#include "detsim/actors/vstack/storage.hpp"
#include "detsim/runtime/registry.hpp"

#include <functional>
#include <string>
#include <vector>

namespace detsim::scenarios::vstack {

/// "node-0" ... "node-{count-1}", the names add_storage_nodes gives.
std::vector<std::string> storage_node_names(std::uint32_t count);

/// Declares and starts `count` storage nodes (group "nodes"); node i runs with
/// `options_of(i)`. Returns their ids in order.
std::vector<sim::node_id> add_storage_nodes(
  runtime::world& w, std::uint32_t count,
  const std::function<actors::vstack::storage_options(std::uint32_t)>& options_of,
  actors::vstack::storage_stats* stats);

/// Declares and starts the manager node.
sim::node_id add_manager(runtime::world& w, const actors::vstack::manager_options& options,
                         actors::vstack::manager_stats* stats);

/// The manager's directory as a client would find it: the running manager's, or, while it
/// is down, what its restart would read from its log.
actors::vstack::directory directory_now(const actors::vstack::manager_stats& manager, runtime::world& w,
                                        sim::node_id manager_node);

/// Once the running manager has heard every node's inventory, every holder its directory
/// lists keeps the chunk's data durably.
runtime::invariant_result directory_agrees_with_nodes(const actors::vstack::manager_stats& manager,
                                                      runtime::world& w);

/// Every acknowledged upload survives any minority failure: a majority of the nodes the
/// directory lists keep the chosen data durably.

runtime::invariant_result readable_after_minority_failure(const actors::paxos::checker& checker,
                                                          const actors::vstack::directory& directory,
                                                          runtime::world& w, std::uint32_t nodes);

} // namespace detsim::scenarios::vstack
