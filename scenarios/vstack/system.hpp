// scenarios/vstack/system.hpp: the V-Stack system (seed 003) that the vstack-* streaming
// scenarios share: storage nodes (ChunkPaxos acceptors that store and serve chunks), one
// uploader per video, the metadata/redundancy manager, and smart and naive video clients.
// Each scenario is this system with its own defaults, faults and report.
#pragma once

#include "detsim/actors/paxos/checker.hpp"
#include "detsim/actors/vstack/uploader.hpp"
#include "detsim/actors/vstack/client.hpp"
#include "detsim/actors/vstack/manager.hpp"
#include "detsim/actors/vstack/storage.hpp"
#include "detsim/runtime/registry.hpp"

#include <string>

namespace detsim::scenarios::vstack {

/// Where the scenarios differ; every field is also a parameter users can override.
struct vstack_defaults {
  std::int64_t clients = 100;
  double smart_share = 1.0;
  std::int64_t slow_node = -1;        ///< index of a degraded node, -1: none
  double slow_factor = 8;
  sim::duration slow_latency{0};     ///< extra one-way latency on the slow node's links
  std::int64_t kill_node = -1;        ///< index of a node killed and restarted, -1: none
  sim::duration kill_at{std::chrono::seconds(60)};
  sim::duration restart_at{std::chrono::seconds(90)};
  sim::duration duration{std::chrono::seconds(150)};
  double contested = 0;
  /// What the report shows besides metrics: smart vs naive, and pass/fail rows.
  bool comparison_table = false;
  std::vector<runtime::target> targets;
};

/// The seed's performance targets as pass/fail rows.
std::vector<runtime::target> seed_targets();

class vstack_system : public runtime::scenario {
public:
  vstack_system(sim::parameters& params, std::string name, const vstack_defaults& defaults);

  void announce(caf::actor_system_config& cfg) const override;
  sim::duration length() const override { return duration_; }
  void setup(runtime::world& w) override;
  sim::fault_plan builtin_faults() const override;
  std::vector<std::string> chaos_targets() const override;
  std::vector<runtime::invariant_result> check(runtime::world& w) override;
  std::vector<runtime::metric> metrics() const override;
  std::vector<runtime::target> targets() const override { return targets_; }
  std::vector<runtime::table> tables() const override;
  std::vector<runtime::plot> plots() const override;
  std::vector<std::string> size_parameters() const override;
  runtime::memory_estimate estimated_memory() const override;

  /// A scenario that is this system with these defaults.
  static runtime::scenario_info info(std::string name, std::string help, vstack_defaults defaults);

protected:
  void require(bool condition, const std::string& message) const;
  /// Smart vs naive side by side, with the smart client's relative improvement.
  runtime::table comparison() const;
  const actors::vstack::client_stats& stats_of(actors::vstack::client_kind kind) const {
    return kind == actors::vstack::client_kind::smart ? smart_ : naive_;
  }
  sim::duration chunk_length() const { return chunk_length_; }
  /// Storage nodes' NICs run at `factor` of their rate in [from, to).
  void add_bandwidth_phase(sim::time_point from, sim::time_point to, double factor) {
    nic_phases_.push_back({from, to, factor});
  }

private:
  void add_uploaders(runtime::world& w);
  void add_clients(runtime::world& w);
  std::uint32_t pick_video(sim::rng& random) const;

  std::string name_;
  bool comparison_table_ = false;
  std::vector<runtime::target> targets_;
  std::uint32_t nodes_ = 3;
  std::uint32_t clients_ = 100;
  double smart_share_ = 1;
  std::uint32_t videos_ = 10;
  std::uint32_t video_chunks_ = 60;
  sim::duration chunk_length_;
  std::uint64_t chunk_bytes_ = 0;
  double zipf_ = 1;
  sim::duration client_start_;
  sim::duration stagger_;
  sim::duration duration_;
  double contested_ = 0;
  std::int64_t kill_node_ = -1;
  sim::duration kill_at_;
  sim::duration restart_at_;
  actors::vstack::client_options client_options_;
  actors::vstack::storage_options storage_options_;
  std::int64_t node_nic_bytes_ = 125'000'000;   ///< a storage node's NIC, each way (1 Gbit/s)
  std::int64_t client_nic_bytes_ = 12'500'000;  ///< a client's downlink (100 Mbit/s)
  std::vector<sim::rate_phase> nic_phases_;     ///< the storage NICs' emulator phases
  std::int64_t slow_node_ = -1;
  double slow_factor_ = 1;
  sim::duration slow_latency_{0};
  actors::vstack::manager_options manager_options_;
  bool manager_chaos_ = false;
  actors::vstack::uploader_options proposer_options_;
  sim::link_profile link_;

  std::vector<sim::node_id> storage_;
  sim::node_id manager_node_ = 0;
  actors::paxos::checker checker_;
  actors::vstack::uploader_stats uploads_;
  actors::vstack::storage_stats storage_stats_;
  actors::vstack::manager_stats manager_stats_;
  actors::vstack::client_stats smart_;
  actors::vstack::client_stats naive_;
  actors::vstack::playback_audit audit_;
};

} // namespace detsim::scenarios::vstack
