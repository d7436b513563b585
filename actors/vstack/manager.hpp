// actors/vstack/manager.hpp: V-Stack's metadata directory and adaptive redundancy manager.
// It knows which nodes hold each acknowledged chunk, answers clients' lookups, asks every
// node once a period whether it is alive and what was read, and adapts replication:
//  - at risk: a holder unreachable for `down_after` -> copy to a live node until `base`
//    live replicas exist again;
//  - hot: a chunk read more than `hot_reads_per_second` -> copy until `max` replicas;
//  - calm: neither hot for `calm_after` nor any holder down -> drop extra replicas, last
//    added first, never below `base` (so an acknowledged chunk always survives a minority).
// Copies are throttled (copies_per_node in flight per target) so repair traffic does not
// starve playback.
// The directory is the manager's own state, logged in its durable store: a registration is
// synced before it is acknowledged, copies and drops are written but not synced, so a kill
// loses those. A restarted manager reads its log and then asks every node what it holds,
// adding holders the log missed and removing those that no longer hold a chunk. Clients
// keep playing from the locations they hold while it is down.
#pragma once

#include "detsim/runtime/node_actor.hpp"
#include "detsim/actors/vstack/messages.hpp"

#include <map>
#include <vector>

namespace detsim::actors::vstack {

struct manager_options {
  std::vector<sim::node_id> nodes;
  std::uint32_t base_replicas = 2;
  std::uint32_t max_replicas = 3;
  bool adaptive = true;
  sim::duration period{1'000'000'000};
  sim::duration down_after{2'000'000'000};
  sim::duration calm_after{10'000'000'000};
  double hot_reads_per_second = 4;
  std::uint64_t copies_per_node = 2; ///< copies in flight to one node at a time
  bool persist = true; ///< false: a broken manager that acknowledges registrations it never synced
};

struct chunk_entry {
  std::uint64_t value = 0;
  std::uint64_t bytes = 0;
  std::vector<sim::node_id> holders; ///< in the order they got the chunk
  double read_rate = 0;              ///< reads per second, smoothed
  sim::time_point hot_until{0};      ///< calm once this passes
  bool copying = false;
  bool touched = false;              ///< changed by this incarnation (else as recovered)
  sim::time_point changed{0};        ///< when it last was
};

using directory = std::map<std::uint64_t, chunk_entry>;

/// Owned by the scenario: counters, and a view of the live manager for end-of-run checks.
struct manager_stats {
  const directory* live = nullptr; ///< the running manager's directory (null while down)
  bool reconciled = false;         ///< it has heard every node's inventory since it started
  std::uint64_t added_hot = 0;
  std::uint64_t added_at_risk = 0;
  std::uint64_t dropped = 0;
  std::uint64_t max_replicas_seen = 0;
  double replica_samples = 0; ///< sum over ticks of mean replicas per chunk
  std::uint64_t samples = 0;
};

class manager final : public runtime::node_actor {
public:
  manager(caf::actor_config& cfg, runtime::world& w, sim::node_id node, manager_options options,
          manager_stats* stats);

  caf::behavior make_behavior() override;
  void on_exit() override;

  /// The directory a manager recovers from its log (for checks while it is down).
  static directory recover(const sim::durable_store& store);

private:
  void on_register(const register_chunk& r);
  locations on_locate(const locate& request) const;
  void poll_nodes();
  /// `index` into options_.nodes.
  void on_status(std::size_t index, const node_status& status);
  void adapt();
  void adapt_chunk(std::uint64_t chunk, chunk_entry& entry);
  bool live(sim::node_id node) const;
  void copy_to_new_node(std::uint64_t chunk, chunk_entry& entry, bool hot);
  /// Logs the chunk's entry; `durable`: synced before anything else happens.
  void log(std::uint64_t chunk, const chunk_entry& entry, bool durable);
  void ask_inventories();
  /// Reconciles with what `node` held when asked at `asked`: entries changed since are
  /// left alone (the inventory may predate their registration or copy).
  void on_inventory(sim::node_id node, const inventory& held, sim::time_point asked);
  void ask_inventory(sim::node_id node, bool startup_round);

  manager_options options_;
  manager_stats* stats_;
  directory chunks_;
  std::size_t inventories_missing_ = 0;
  std::vector<sim::time_point> last_seen_;
  std::vector<std::uint64_t> copies_to_; ///< copies in flight per target node (spreads load)
  std::map<std::uint64_t, std::uint32_t> reads_this_period_;
};

} // namespace detsim::actors::vstack
