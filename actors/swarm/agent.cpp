// actors/swarm/agent.cpp: the agent's decision loop.
#include "detsim/actors/swarm/agent.hpp"

namespace detsim::actors::swarm {

swarm_agent::swarm_agent(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                         std::uint32_t index, const std::vector<sim::node_id>* resources,
                         agent_options options, swarm_stats* stats, lease_checker* checker)
  : runtime::node_actor(cfg, w, node),
    index_(index),
    resources_(resources),
    options_(options),
    stats_(stats),
    checker_(checker) {
  checker_->on_agent_start(index_);
}

caf::behavior swarm_agent::make_behavior() {
  // A random phase so that ten thousand agents do not all decide at the same instant.
  auto first = sim::duration{static_cast<std::int64_t>(
    random().below(static_cast<std::uint64_t>(options_.period.count())))};
  delayed_send(this, first, tick{});
  return {
    [this](tick) {
      decide();
      delayed_send(this, options_.period, tick{});
    },
  };
}

void swarm_agent::decide() {
  ++stats_->decisions;
  if (phase_ == phase::waiting)
    return; // the previous request is still out; deciding to wait is a decision too
  if (phase_ == phase::holding && now() >= lease_end_)
    phase_ = phase::idle; // the lease ran out on our clock: it is no longer ours
  if (phase_ == phase::idle)
    return send_acquire();
  if (updates_left_ > 0)
    return send_update();
  send_release();
}

void swarm_agent::on_timeout(const caf::error&) {
  ++stats_->timeouts;
  checker_->on_resolved(index_);
  phase_ = phase::idle;
}

void swarm_agent::send_acquire() {
  resource_ = static_cast<std::uint32_t>(random().below(resources_->size()));
  // A resource that is down does not answer: the request times out.
  const auto& target = world_ref().lookup((*resources_)[resource_]);
  ++stats_->acquires;
  phase_ = phase::waiting;
  sent_at_ = now();
  checker_->on_request(index_, world_ref().global_now());
  request(target, options_.request_timeout, acquire{index_})
    .then(
      [this](const lease_reply& reply) {
        checker_->on_resolved(index_);
        if (!reply.granted) {
          ++stats_->denials;
          phase_ = phase::idle;
          return;
        }
        ++stats_->grants;
        stats_->grant_latency.record((now() - sent_at_).count());
        lease_ = reply.lease;
        // Count validity from when we asked: the resource started it later than that.
        lease_end_ = sent_at_ + sim::duration{reply.valid_for_ns} - options_.lease_margin;
        updates_left_ = static_cast<std::uint32_t>(random().uniform(1, options_.updates_per_lease));
        phase_ = phase::holding;
      },
      [this](const caf::error& err) { on_timeout(err); });
}

void swarm_agent::send_update() {
  const auto& target = world_ref().lookup((*resources_)[resource_]);
  phase_ = phase::waiting;
  checker_->on_request(index_, world_ref().global_now());
  auto value = random().next();
  request(target, options_.request_timeout, update{lease_, value})
    .then(
      [this](const update_reply& reply) {
        checker_->on_resolved(index_);
        if (!reply.accepted) {
          ++stats_->updates_rejected;
          phase_ = phase::idle;
          return;
        }
        ++stats_->updates_acked;
        // Agents of one resource report its acks: what the checker finds depends on order.
        world_ref().in_run_order([checker = checker_, resource = resource_, version = reply.version,
                                  checksum = reply.checksum, at = world_ref().global_now()] {
          checker->on_ack(resource, version, checksum, at);
        });
        --updates_left_;
        phase_ = phase::holding;
      },
      [this](const caf::error& err) { on_timeout(err); });
}

void swarm_agent::send_release() {
  ++stats_->releases;
  send(world_ref().lookup((*resources_)[resource_]), release{lease_});
  phase_ = phase::idle;
}

} // namespace detsim::actors::swarm
