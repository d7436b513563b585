// scenarios/swarm.hpp: "Swarm Intelligence" from the MCTS state-store stress test
// (seed 000): thousands of agents deciding at rate_hz, coordinating through leases on
// a hundred shared resources.
#pragma once

#include "actors/lease_checker.hpp"
#include "actors/swarm_agent.hpp"
#include "actors/swarm_resource.hpp"
#include "actors/swarm_stats.hpp"
#include "scenarios/scenario.hpp"

#include <memory>

namespace scenarios {

class swarm_scenario final : public scenario {
public:
  explicit swarm_scenario(sim::parameters& params);
  static scenario_info info();

  void announce(caf::actor_system_config& cfg) const override;
  sim::duration length() const override { return duration_; }
  void setup(actors::world& w) override;
  std::vector<std::string> chaos_targets() const override;
  std::vector<invariant_result> check(actors::world& w) override;
  std::vector<metric> metrics() const override;
  std::vector<std::string> size_parameters() const override { return {"agents", "resources"}; }

private:
  sim::node_clock draw_clock(std::uint64_t seed, const std::string& name) const;

  std::uint32_t agents_ = 0;
  std::uint32_t resources_ = 0;
  sim::duration duration_;
  swarm::agent_options agent_options_;
  swarm::resource_options resource_options_;
  sim::link_profile link_;
  sim::duration clock_skew_{0};
  std::int64_t clock_drift_ppm_ = 0;
  std::vector<sim::node_id> resource_nodes_;
  std::vector<sim::node_id> agent_nodes_;
  swarm::swarm_stats stats_;
  std::unique_ptr<swarm::lease_checker> checker_;
};

} // namespace scenarios
