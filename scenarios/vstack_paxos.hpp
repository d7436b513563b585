// scenarios/vstack_paxos.hpp: V-Stack's chunk consensus (seed 003): uploaders agree on
// every chunk's content with the storage nodes as acceptors, then store the chunk on a
// majority and register it with the manager. ChunkPaxos and classic Paxos run side by
// side on the same nodes (disjoint chunks), so their message counts compare.
#pragma once

#include "actors/paxos_checker.hpp"
#include "actors/paxos_proposer.hpp"
#include "actors/vstack_manager.hpp"
#include "actors/vstack_storage.hpp"
#include "scenarios/scenario.hpp"

#include <memory>

namespace scenarios {

class vstack_paxos final : public scenario {
public:
  explicit vstack_paxos(sim::parameters& params);
  static scenario_info info();

  void announce(caf::actor_system_config& cfg) const override;
  sim::duration length() const override { return duration_; }
  void setup(actors::world& w) override;
  std::vector<std::string> chaos_targets() const override;
  std::vector<invariant_result> check(actors::world& w) override;
  std::vector<metric> metrics() const override;
  std::vector<std::string> size_parameters() const override;

private:
  /// Each uploader's chunks: its own, plus chunks of its neighbour it contests.
  std::vector<std::vector<paxos::upload>> plan_uploads(std::uint64_t seed,
                                                       std::uint64_t first_chunk) const;
  void add_group(actors::world& w, const char* prefix, bool classic, std::uint64_t first_chunk,
                 paxos::proposer_stats* stats);

  std::uint32_t nodes_ = 3;
  std::uint32_t uploaders_ = 10;
  std::uint32_t chunks_ = 20;
  double contested_ = 0.2;
  sim::duration duration_;
  vstack::storage_options storage_options_;
  paxos::proposer_options proposer_options_;
  sim::link_profile link_;
  std::vector<sim::node_id> acceptors_;
  sim::node_id manager_node_ = 0;
  paxos::checker checker_;
  vstack::storage_stats storage_stats_;
  vstack::manager_stats manager_stats_;
  paxos::proposer_stats chunkpaxos_;
  paxos::proposer_stats classic_;
};

} // namespace scenarios
