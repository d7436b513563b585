// actors/helios/replica.hpp: one replica of the replicated Helios store (helios-chaos).
// It keeps a full store, logs every new state to its disk and recovers it on restart.
// A write is acknowledged after the disk synced it; the broken variant
// (sync_before_ack=false) acknowledges first and syncs every flush_interval, so a crash
// can lose states it acknowledged. Replicas converge by anti-entropy.
#pragma once

#include "detsim/actors/helios/replica_messages.hpp"
#include "detsim/actors/helios/state_store.hpp"
#include "detsim/actors/helios/store_log.hpp"
#include "detsim/runtime/node_actor.hpp"

#include <memory>
#include <set>
#include <vector>

namespace detsim::actors::helios {

struct replica_options {
  bool sync_before_ack = true;
  sim::duration flush_interval{200'000'000};    ///< the broken variant's lazy sync
  sim::duration anti_entropy_every{500'000'000};
  std::uint32_t checkpoint_every = 1000;
  const std::vector<sim::node_id>* replicas = nullptr; ///< every replica, this one included
};

/// What the checker sees of a replica: the store the live incarnation serves, and every
/// state its disk holds durably (which outlives the incarnation).
struct replica_probe {
  const state_store* store = nullptr;
  std::set<digest> durable;
};

class replica final : public runtime::node_actor {
public:
  replica(caf::actor_config& cfg, runtime::world& w, sim::node_id node, replica_options options,
          replica_probe* probe);
  ~replica() override;

  caf::behavior make_behavior() override;

private:
  std::vector<std::string> store_items(const std::vector<commit_item>& items);
  /// Syncs the disk and records what became durable.
  void sync_now();
  void after_write();
  void start_anti_entropy();
  void on_inventory(const ae_inventory& inventory);
  std::vector<commit_item> items_for(const std::vector<std::uint32_t>& indices) const;
  void send_to(sim::node_id node, caf::message message);

  replica_options options_;
  replica_probe* probe_;
  state_store store_;
  store_log log_;
  std::uint64_t synced_ = 0; ///< states [0, synced_) are durable
  bool flush_scheduled_ = false;
};

} // namespace detsim::actors::helios
