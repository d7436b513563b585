// actors/swarm/agent.hpp: one agent of the swarm. At every decision (rate_hz on its own
// clock) it acquires a lease on a random shared resource, writes a few updates under it
// and releases it, all as request/response with timeouts.
#pragma once

#include "detsim/actors/swarm/lease_checker.hpp"
#include "detsim/runtime/node_actor.hpp"
#include "detsim/actors/swarm/messages.hpp"
#include "detsim/actors/swarm/stats.hpp"

#include <vector>

namespace detsim::actors::swarm {

struct agent_options {
  sim::duration period{10'000'000};          ///< 1 / rate_hz
  sim::duration request_timeout{50'000'000};
  std::uint32_t updates_per_lease = 3;       ///< at most; drawn uniformly from 1..this
  sim::duration lease_margin{5'000'000};     ///< stop using a lease this long before expiry
};

class swarm_agent final : public runtime::node_actor {
public:
  swarm_agent(caf::actor_config& cfg, runtime::world& w, sim::node_id node, std::uint32_t index,
              const std::vector<sim::node_id>* resources, agent_options options,
              swarm_stats* stats, lease_checker* checker);

  caf::behavior make_behavior() override;

private:
  enum class phase { idle, waiting, holding };

  void decide();
  void send_acquire();
  void send_update();
  void send_release();
  void on_timeout(const caf::error& err);

  std::uint32_t index_;
  const std::vector<sim::node_id>* resources_;
  agent_options options_;
  swarm_stats* stats_;
  lease_checker* checker_;
  phase phase_ = phase::idle;
  std::uint32_t resource_ = 0;
  std::uint64_t lease_ = 0;
  sim::time_point lease_end_{0};
  std::uint32_t updates_left_ = 0;
  sim::time_point sent_at_{0};
};

} // namespace detsim::actors::swarm
