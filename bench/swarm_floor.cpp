// bench/swarm_floor.cpp: the swarm's decisions as plain CAF actors on test_coordinator.
#include "swarm_floor.hpp"

#include "detsim/actors/swarm/messages.hpp"
#include "detsim/sim/rng.hpp"

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include <algorithm>
#include <chrono>
#include <utility>
#include <vector>

namespace bench {

namespace {

using namespace detsim::actors::swarm;

// The swarm's defaults (scenarios/swarm): 100 decisions a second, 50 ms leases used up
// to 5 ms before they end, 1-3 updates a lease.
constexpr std::int64_t period_ns = 10'000'000;
constexpr std::int64_t lease_ns = 50'000'000;
constexpr std::int64_t margin_ns = 5'000'000;
constexpr std::int64_t most_updates = 3;

/// What the actors share: the driver's clock, the resources and the counts.
struct floor_world {
  std::int64_t now = 0;
  std::vector<caf::actor> resources;
  std::uint64_t decisions = 0;
  std::uint64_t deliveries = 0;
};

class floor_resource final : public caf::event_based_actor {
public:
  floor_resource(caf::actor_config& cfg, floor_world* world)
    : caf::event_based_actor(cfg), world_(world) {}

  caf::behavior make_behavior() override {
    return {
      [this](const acquire& request) -> lease_reply {
        ++world_->deliveries;
        if (lease_ != 0 && world_->now < expiry_)
          return {false, 0, 0};
        lease_ = next_lease_++;
        holder_ = request.agent;
        expiry_ = world_->now + lease_ns;
        return {true, lease_, lease_ns};
      },
      [this](const update& request) -> update_reply {
        ++world_->deliveries;
        if (request.lease != lease_ || world_->now >= expiry_)
          return {false, version_, checksum_};
        ++version_;
        checksum_ = (checksum_ ^ request.value) * 0x100000001b3ULL;
        return {true, version_, checksum_};
      },
      [this](const release& request) {
        ++world_->deliveries;
        if (request.lease == lease_)
          lease_ = 0;
      },
    };
  }

private:
  floor_world* world_;
  std::uint32_t holder_ = 0;
  std::uint64_t lease_ = 0;
  std::uint64_t next_lease_ = 1;
  std::int64_t expiry_ = 0;
  std::uint64_t version_ = 0;
  std::uint64_t checksum_ = 0;
};

/// The swarm agent's decision loop (actors/swarm/agent.cpp) without the checker.
class floor_agent final : public caf::event_based_actor {
public:
  floor_agent(caf::actor_config& cfg, floor_world* world, std::uint32_t index,
              std::uint64_t seed)
    : caf::event_based_actor(cfg), world_(world), index_(index), random_(seed) {}

  caf::behavior make_behavior() override {
    return {[this](tick) {
      ++world_->deliveries;
      decide();
    }};
  }

private:
  enum class phase { idle, waiting, holding };

  void decide() {
    ++world_->decisions;
    if (phase_ == phase::waiting)
      return;
    if (phase_ == phase::holding && world_->now >= lease_end_)
      phase_ = phase::idle;
    if (phase_ == phase::idle)
      return send_acquire();
    if (updates_left_ > 0)
      return send_update();
    send(world_->resources[resource_], release{lease_});
    phase_ = phase::idle;
  }

  void send_acquire() {
    resource_ = static_cast<std::uint32_t>(random_.below(world_->resources.size()));
    phase_ = phase::waiting;
    auto sent_at = world_->now;
    request(world_->resources[resource_], caf::infinite, acquire{index_})
      .then(
        [this, sent_at](const lease_reply& reply) {
          ++world_->deliveries;
          if (!reply.granted) {
            phase_ = phase::idle;
            return;
          }
          lease_ = reply.lease;
          lease_end_ = sent_at + reply.valid_for_ns - margin_ns;
          updates_left_ = random_.uniform(1, most_updates);
          phase_ = phase::holding;
        },
        [this](const caf::error&) { phase_ = phase::idle; });
  }

  void send_update() {
    phase_ = phase::waiting;
    request(world_->resources[resource_], caf::infinite, update{lease_, random_.next()})
      .then(
        [this](const update_reply& reply) {
          ++world_->deliveries;
          if (!reply.accepted) {
            phase_ = phase::idle;
            return;
          }
          --updates_left_;
          phase_ = phase::holding;
        },
        [this](const caf::error&) { phase_ = phase::idle; });
  }

  floor_world* world_;
  std::uint32_t index_;
  detsim::sim::rng random_;
  phase phase_ = phase::idle;
  std::uint32_t resource_ = 0;
  std::uint64_t lease_ = 0;
  std::int64_t lease_end_ = 0;
  std::int64_t updates_left_ = 0;
};

} // namespace

floor_result run_swarm_floor(std::uint32_t agents, std::uint32_t resources,
                             std::uint32_t periods, std::uint64_t seed, bool warm) {
  floor_world world; // outlives the actors, which point at it
  caf::actor_system_config cfg;
  cfg.set("scheduler.policy", caf::atom("testing"));
  announce_types(cfg);
  caf::actor_system system{cfg};
  system.await_actors_before_shutdown(false);
  auto& sched = dynamic_cast<caf::scheduler::test_coordinator&>(system.scheduler());
  for (std::uint32_t i = 0; i < resources; ++i)
    world.resources.push_back(system.spawn<floor_resource>(&world));
  std::vector<caf::actor> crowd;
  detsim::sim::rng random{seed};
  std::vector<std::pair<std::int64_t, std::uint32_t>> phases; // (offset in a period, agent)
  for (std::uint32_t i = 0; i < agents; ++i) {
    crowd.push_back(system.spawn<floor_agent>(&world, i, random.next()));
    phases.emplace_back(static_cast<std::int64_t>(random.below(period_ns)), i);
  }
  std::sort(phases.begin(), phases.end());
  sched.run();
  // Each tick runs to quiescence before the next, as on zero-latency links: the tick, the
  // request, the reply, each resumed for its one message. Warming: the agent ticked 4
  // ticks from now, all of it (an engine knows its future; CAF's scheduler does not).
  const std::size_t ahead = 4;
  auto start = std::chrono::steady_clock::now();
  for (std::uint32_t p = 0; p < periods; ++p)
    for (std::size_t k = 0; k < phases.size(); ++k) {
      if (warm) {
        auto& next = crowd[phases[(k + ahead) % phases.size()].second];
        auto* bytes = reinterpret_cast<const char*>(caf::actor_cast<caf::abstract_actor*>(next));
        for (std::size_t at = 0; at < sizeof(floor_agent); at += 64)
          __builtin_prefetch(bytes + at);
      }
      world.now = static_cast<std::int64_t>(p) * period_ns + phases[k].first;
      caf::anon_send(crowd[phases[k].second], tick{});
      sched.run();
    }
  floor_result result{world.decisions, world.deliveries,
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
                        .count()};
  for (auto& a : crowd)
    caf::anon_send_exit(a, caf::exit_reason::kill);
  for (auto& a : world.resources)
    caf::anon_send_exit(a, caf::exit_reason::kill);
  sched.run();
  return result;
}

} // namespace bench
