// scenarios/vstack/paxos.hpp: V-Stack's chunk consensus (seed 003): uploaders agree on
// every chunk's content with the storage nodes as acceptors, then store the chunk on a
// majority and register it with the manager. ChunkPaxos and classic Paxos run side by
// side on the same nodes (disjoint chunks), so their message counts compare.
#pragma once

#include "detsim/actors/paxos/checker.hpp"
#include "detsim/actors/vstack/uploader.hpp"
#include "detsim/actors/vstack/manager.hpp"
#include "detsim/actors/vstack/storage.hpp"
#include "detsim/runtime/registry.hpp"

#include <memory>

namespace detsim::scenarios::vstack {

class vstack_paxos final : public runtime::scenario {
public:
  explicit vstack_paxos(sim::parameters& params);
  static runtime::scenario_info info();

  void announce(caf::actor_system_config& cfg) const override;
  sim::duration length() const override { return duration_; }
  void setup(runtime::world& w) override;
  std::vector<std::string> chaos_targets() const override;
  std::vector<runtime::invariant_result> check(runtime::world& w) override;
  std::vector<runtime::metric> metrics() const override;
  std::vector<std::string> size_parameters() const override;
  runtime::memory_estimate estimated_memory() const override;

private:
  /// Each uploader's chunks: its own, plus chunks of its neighbour it contests.
  std::vector<std::vector<actors::vstack::upload>> plan_uploads(std::uint64_t seed,
                                                       std::uint64_t first_chunk) const;
  void add_group(runtime::world& w, const char* prefix, bool classic, std::uint64_t first_chunk,
                 actors::vstack::uploader_stats* stats);

  std::uint32_t nodes_ = 3;
  std::uint32_t uploaders_ = 10;
  std::uint32_t chunks_ = 20;
  double contested_ = 0.2;
  sim::duration duration_;
  actors::vstack::storage_options storage_options_;
  actors::vstack::uploader_options proposer_options_;
  sim::link_profile link_;
  std::vector<sim::node_id> acceptors_;
  sim::node_id manager_node_ = 0;
  actors::paxos::checker checker_;
  actors::vstack::storage_stats storage_stats_;
  actors::vstack::manager_stats manager_stats_;
  actors::vstack::uploader_stats chunkpaxos_;
  actors::vstack::uploader_stats classic_;
};

} // namespace detsim::scenarios::vstack
