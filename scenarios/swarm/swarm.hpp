// scenarios/swarm/swarm.hpp: "Swarm Intelligence" from the MCTS state-store stress test
// (seed 000): thousands of agents deciding at rate_hz, coordinating through leases on
// a hundred shared resources.
#pragma once

#include "detsim/actors/swarm/lease_checker.hpp"
#include "detsim/actors/swarm/agent.hpp"
#include "detsim/actors/swarm/resource.hpp"
#include "detsim/actors/swarm/stats.hpp"
#include "detsim/runtime/registry.hpp"

#include <memory>

namespace detsim::scenarios::swarm {

class swarm_scenario final : public runtime::scenario {
public:
  explicit swarm_scenario(sim::parameters& params);
  static runtime::scenario_info info();

  void announce(caf::actor_system_config& cfg) const override;
  sim::duration length() const override { return duration_; }
  void setup(runtime::world& w) override;
  std::vector<runtime::invariant_result> check(runtime::world& w) override;
  std::vector<runtime::metric> metrics() const override;
  std::vector<runtime::histogram_view> histograms() const override {
    return {{"grant_latency_seconds", &totals().grant_latency, 1e-9, "acquire sent to lease granted"}};
  }
  std::vector<std::string> size_parameters() const override { return {"agents", "resources"}; }
  /// Agents read only messages; they count into their group's shard of the statistics;
  /// what reaches the lease checker from several nodes goes through in_run_order.
  bool splits_into_groups() const override { return true; }
  runtime::memory_estimate estimated_memory() const override;

private:
  sim::node_clock draw_clock(std::uint64_t seed, const std::string& name) const;

  std::uint32_t agents_ = 0;
  std::uint32_t resources_ = 0;
  sim::duration duration_;
  actors::swarm::agent_options agent_options_;
  actors::swarm::resource_options resource_options_;
  sim::link_profile link_;
  sim::duration clock_skew_{0};
  std::int64_t clock_drift_ppm_ = 0;
  std::vector<sim::node_id> resource_nodes_;
  std::vector<sim::node_id> agent_nodes_;
  /// Agents count into their group's shard (one unless the run is split); read totals().
  std::vector<actors::swarm::swarm_stats> shards_;
  mutable actors::swarm::swarm_stats totals_;
  const actors::swarm::swarm_stats& totals() const;
  std::unique_ptr<actors::swarm::lease_checker> checker_;
  std::vector<actors::swarm::resource_state> live_states_; ///< what each resource serves now
};

} // namespace detsim::scenarios::swarm
