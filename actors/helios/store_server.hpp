// actors/helios/store_server.hpp: a Helios store as an actor. It runs the real store code
// (state_store) on every request and charges the modelled cost in simulated time: one
// request at a time, each answered when the store would have finished it. With `persist`
// every new state goes to its log and answers wait for the next sync (group commit).
#pragma once

#include "detsim/actors/helios/messages.hpp"
#include "detsim/actors/helios/state_store.hpp"
#include "detsim/actors/helios/store_log.hpp"
#include "detsim/actors/helios/store_stats.hpp"
#include "detsim/runtime/node_actor.hpp"

#include <memory>
#include <utility>
#include <vector>

namespace detsim::actors::helios {

struct server_options {
  store_options store;
  sim::duration commit_cost{1'000};   ///< per state committed: hash, delta, index
  sim::duration read_cost{500};       ///< per get: find and rebuild
  sim::duration proof_cost{2'000};    ///< per Merkle proof
  sim::duration merge_cost{5'000};    ///< per three-way merge
  bool persist = false;               ///< log states to the node's disk, recover on restart
  sim::duration sync_cost{100'000};   ///< one fsync of the log
  std::uint32_t checkpoint_every = 100'000;
};

/// Where the scenario's checker finds the store the live incarnation serves.
struct store_probe {
  state_store* store = nullptr;
};

class store_server final : public runtime::node_actor {
public:
  store_server(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
               server_options options, store_stats* stats, store_probe* probe);
  ~store_server() override;

  caf::behavior make_behavior() override;

private:
  commit_reply on_commit(const commit_request& request);
  get_reply on_get(const get_request& request);
  fork_reply on_fork(const fork_request& request);
  log_reply on_log(const log_request& request);
  merge_reply on_merge(const merge_request& request);
  prove_reply on_prove(const prove_request& request);
  std::string commit_one(const commit_item& item);
  /// Sends `reply` to the asker when the store is done with work of `cost`; with
  /// persist and `durable`, after the next sync instead.
  template <class Reply>
  void answer(Reply reply, sim::duration cost, bool durable = false);
  void on_sync();
  void recover();

  server_options options_;
  store_stats* stats_;
  store_probe* probe_;
  state_store store_;
  std::unique_ptr<store_log> log_;
  sim::time_point busy_until_{0};
  std::vector<std::pair<caf::actor, caf::message>> awaiting_sync_;
  bool sync_scheduled_ = false;
};

} // namespace detsim::actors::helios
