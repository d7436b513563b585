// scenarios/swarm/swarm.cpp: swarm scenario. Safety: one lease holder per resource, no
// acknowledged update lost. Liveness: every request answered or timed out.
#include "detsim/scenarios/swarm/swarm.hpp"

#include <fmt/format.h>

namespace detsim::scenarios::swarm {

namespace {

void require(bool condition, const std::string& message) {
  sim::require_input(condition, "swarm", message);
}

} // namespace

swarm_scenario::swarm_scenario(sim::parameters& p)
  : duration_(p.take_duration("duration", std::chrono::seconds(10), "simulated time to run")) {
  auto agents = p.take_int("agents", 10000, "number of agent actors");
  auto resources = p.take_int("resources", 100, "number of shared resource actors");
  auto rate = p.take_int("rate_hz", 100, "decisions per agent per simulated second");
  // Defaults are the options structs' own, written once there.
  auto& agent = agent_options_;
  agent.request_timeout =
    p.take_duration("request_timeout", agent.request_timeout, "request timeout");
  auto updates = p.take_int("updates_per_lease", agent.updates_per_lease,
                            "most updates an agent writes under one lease");
  auto& resource = resource_options_;
  resource.lease_duration = p.take_duration("lease", resource.lease_duration, "lease validity");
  resource.lease_check = p.take_bool(
    "lease_check", resource.lease_check, "false breaks resources on purpose: they grant held leases");
  resource.persist = p.take_bool("persist", resource.persist,
                                 "false breaks resources on purpose: state lost on restart");
  link_.latency_min =
    p.take_duration("latency", std::chrono::microseconds(100), "one-way link latency floor");
  link_.latency_jitter_mean =
    p.take_duration("jitter", std::chrono::microseconds(50), "mean exponential extra latency");
  link_.loss = p.take_double("loss", 0.0, "baseline message loss probability on every link");
  clock_skew_ = p.take_duration("clock_skew", sim::duration{0},
                                "each node's clock is off by up to this much (seeded)");
  clock_drift_ppm_ = p.take_int("clock_drift_ppm", 0,
                                "each node's clock runs fast or slow by up to this many ppm");
  require(clock_drift_ppm_ >= 0 && clock_drift_ppm_ <= 100000,
          "clock_drift_ppm must be between 0 and 100000");
  require(agents >= 1 && agents <= 10'000'000, "agents must be between 1 and 10000000");
  require(resources >= 1 && resources <= 1'000'000, "resources must be between 1 and 1000000");
  agents_ = static_cast<std::uint32_t>(agents);
  resources_ = static_cast<std::uint32_t>(resources);
  require(rate >= 1 && rate <= 1'000'000, "rate_hz must be between 1 and 1000000");
  require(duration_.count() > 0, "duration must be positive");
  require(updates >= 1 && updates <= 1000, "updates_per_lease must be between 1 and 1000");
  agent.updates_per_lease = static_cast<std::uint32_t>(updates); // checked before narrowing
  require(link_.loss >= 0 && link_.loss <= 1, "loss must be between 0 and 1");
  require(agent_options_.request_timeout.count() > 0 &&
            resource_options_.lease_duration.count() > 0,
          "request_timeout and lease must be positive");
  agent_options_.period = sim::duration{1'000'000'000 / rate};
  agent_options_.lease_margin = resource_options_.lease_duration / 10;
}

runtime::scenario_info swarm_scenario::info() {
  return {"swarm",
          "MCTS swarm (seed 000): agents lease shared resources through request/response",
          [](sim::parameters& p) { return std::make_unique<swarm_scenario>(p); }};
}

void swarm_scenario::announce(caf::actor_system_config& cfg) const {
  actors::swarm::announce_types(cfg);
}

sim::node_clock swarm_scenario::draw_clock(std::uint64_t seed, const std::string& name) const {
  sim::node_clock clock;
  if (clock_skew_.count() == 0 && clock_drift_ppm_ == 0)
    return clock;
  auto random = sim::rng::derive(seed, "clock/" + name);
  clock.skew = sim::duration{random.uniform(-clock_skew_.count(), clock_skew_.count())};
  clock.drift_ppm = random.uniform(-clock_drift_ppm_, clock_drift_ppm_);
  return clock;
}

void swarm_scenario::setup(runtime::world& w) {
  checker_ = std::make_unique<actors::swarm::lease_checker>(agents_, resources_);
  shards_.assign(w.shards(), {});
  live_states_.assign(resources_, {});
  w.network().set_default_link(link_);
  for (std::uint32_t i = 0; i < resources_; ++i) {
    auto name = fmt::format("resource-{}", i);
    auto node = w.add_node(name, [this, i](runtime::world& world, sim::node_id id) {
      return world.system().spawn<actors::swarm::swarm_resource>(std::ref(world), id, i, resource_options_,
                                                                 checker_.get(), &live_states_[i]);
    }, draw_clock(w.seed(), name));
    w.network().add_to_group("resources", node);
    resource_nodes_.push_back(node);
  }
  for (std::uint32_t i = 0; i < agents_; ++i) {
    auto name = fmt::format("agent-{}", i);
    auto node = w.add_node(name, [this, i](runtime::world& world, sim::node_id id) {
      return world.system().spawn<actors::swarm::swarm_agent>(std::ref(world), id, i, &resource_nodes_,
                                                      agent_options_, &shards_[world.shard_of(id)],
                                                      checker_.get());
    }, draw_clock(w.seed(), name));
    w.network().add_to_group("agents", node);
    agent_nodes_.push_back(node);
  }
  for (auto node : resource_nodes_)
    w.start_node(node);
  for (auto node : agent_nodes_)
    w.start_node(node);
}

std::vector<runtime::invariant_result> swarm_scenario::check(runtime::world& w) {
  // What a client could read: a live resource's state as it serves it; a dead one's as
  // its restart would recover it from disk (nothing, for the forgetful variant).
  for (std::uint32_t i = 0; i < resources_; ++i) {
    actors::swarm::resource_state state = live_states_[i];
    if (!w.is_up(resource_nodes_[i])) {
      state = {};
      if (resource_options_.persist)
        actors::swarm::resource_state::load(w.store(resource_nodes_[i]), state);
    }
    checker_->check_observable(i, state.version, state.checksum);
  }
  // A request is owed an answer or a timeout once its timeout has passed (plus slack
  // for the timeout message itself to be delivered).
  auto deadline = w.global_now() - agent_options_.request_timeout - std::chrono::milliseconds(1);
  for (std::uint32_t i = 0; i < agents_; ++i)
    checker_->check_answered(i, w.is_up(agent_nodes_[i]), deadline);
  return {runtime::verdict("exclusive-lease", checker_->exclusive_violations()),
          runtime::verdict("no-lost-ack", checker_->lost_update_violations()),
          runtime::verdict("requests-resolved", checker_->unanswered_violations())};
}

const actors::swarm::swarm_stats& swarm_scenario::totals() const {
  totals_ = {};
  for (const auto& shard : shards_)
    totals_.add(shard);
  return totals_;
}

std::vector<runtime::metric> swarm_scenario::metrics() const {
  const auto& stats = totals();
  auto seconds = sim::to_seconds(duration_);
  auto ms = [](std::int64_t ns) { return static_cast<double>(ns) / 1e6; };
  return {
    {"decisions", static_cast<double>(stats.decisions), ""},
    {"decisions_per_sim_second", static_cast<double>(stats.decisions) / seconds, "/s"},
    {"acquires", static_cast<double>(stats.acquires), ""},
    {"grants", static_cast<double>(stats.grants), ""},
    {"denials", static_cast<double>(stats.denials), ""},
    {"timeouts", static_cast<double>(stats.timeouts), ""},
    {"updates_acked", static_cast<double>(stats.updates_acked), ""},
    {"grant_latency_p50", ms(stats.grant_latency.quantile(0.5)), "ms"},
    {"grant_latency_p99", ms(stats.grant_latency.quantile(0.99)), "ms"},
    {"grant_latency_p999", ms(stats.grant_latency.quantile(0.999)), "ms"},
  };
}

runtime::memory_estimate swarm_scenario::estimated_memory() const {
  // Measured peaks (bench/, resident set): ~16 MiB of CAF and engine, ~4.5 KB per agent
  // (actor, mailbox, node, clock, RNG, statistics), ~2 KB per resource.
  return runtime::memory_estimate::of(16 << 20, {{"agents", double(agents_), 4500},
                                                 {"resources", double(resources_), 2100}});
}

} // namespace detsim::scenarios::swarm
