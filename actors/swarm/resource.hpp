// actors/swarm/resource.hpp: a shared resource of the swarm. Grants one exclusive,
// expiring lease at a time, applies updates under the current lease and keeps its
// state in the node's durable store so a restart resumes where the crash left off.
#pragma once

#include "detsim/actors/swarm/lease_checker.hpp"
#include "detsim/runtime/node_actor.hpp"
#include "detsim/actors/swarm/messages.hpp"

namespace detsim::actors::swarm {

struct resource_options {
  sim::duration lease_duration{50'000'000};
  bool lease_check = true; ///< false: a deliberately broken resource that ignores held leases
  bool persist = true;     ///< false: a deliberately broken resource that forgets on restart
};

/// What a resource keeps on its node's disk (synced after every change).
struct resource_state {
  std::uint32_t holder = 0;
  std::uint64_t lease = 0; ///< 0: free
  std::uint64_t next_lease = 1;
  sim::time_point expiry{0};
  std::uint64_t version = 0;
  std::uint64_t checksum = 0;

  std::string encode() const;
  /// Reads the state stored in `store`; false if there is none.
  static bool load(const sim::durable_store& store, resource_state& state);
};

class swarm_resource final : public runtime::node_actor {
public:
  /// `live` mirrors the state this incarnation serves (what a client reading it would see);
  /// it outlives the actor, for the end-of-run check.
  swarm_resource(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                 std::uint32_t index, resource_options options, lease_checker* checker,
                 resource_state* live);

  caf::behavior make_behavior() override;

private:
  lease_reply on_acquire(const acquire& request);
  update_reply on_update(const update& request);
  void on_release(const release& request);
  /// Publishes the state as served and, unless the resource is the forgetful variant,
  /// syncs it to disk.
  void save();

  std::uint32_t index_;
  resource_options options_;
  lease_checker* checker_;
  resource_state* live_;
  resource_state state_;
};

} // namespace detsim::actors::swarm
