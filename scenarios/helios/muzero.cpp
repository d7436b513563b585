// scenarios/helios/muzero.cpp: helios-muzero, MuZero dynamics on Helios: `envs`
// environments update a 256-float hidden state at `rate_hz`, commit every step, and after
// `lookahead` steps roll back to a random earlier one. Invariant: every rollback returns
// that step's bytes exactly.
#include "detsim/actors/helios/muzero_env.hpp"
#include "detsim/scenarios/helios/scenarios.hpp"
#include "detsim/scenarios/helios/store_setup.hpp"

#include <fmt/format.h>

namespace detsim::scenarios::helios {

namespace {

using namespace actors::helios;

class muzero_scenario final : public runtime::scenario {
public:
  explicit muzero_scenario(sim::parameters& p)
    : store_(store_setup::take(p, "helios-muzero")),
      duration_(p.take_duration("duration", std::chrono::seconds(1), "simulated time to run")) {
    envs_ = p.take_int("envs", 128, "parallel environments");
    auto dimensions = p.take_int("dimensions", options_.dimensions, "floats in the hidden state");
    auto rate = p.take_int("rate_hz", options_.rate_hz, "updates per environment per second");
    auto lookahead = p.take_int("lookahead", options_.lookahead, "steps before a rollback");
    require(envs_ >= 1 && envs_ <= 100'000, "envs must be between 1 and 100000");
    require(dimensions >= 1 && dimensions <= 16'000, "dimensions must be between 1 and 16000");
    require(rate >= 1 && rate <= 1'000'000, "rate_hz must be between 1 and 1000000");
    require(lookahead >= 2 && lookahead <= 100'000, "lookahead must be between 2 and 100000");
    require(duration_.count() > 0, "duration must be positive");
    options_.dimensions = static_cast<std::uint32_t>(dimensions);
    options_.rate_hz = static_cast<std::uint32_t>(rate);
    options_.lookahead = static_cast<std::uint32_t>(lookahead);
  }

  void announce(caf::actor_system_config& cfg) const override {
    announce_store_types(cfg);
    runtime::announce_messages<muzero_tick>(cfg);
  }
  sim::duration length() const override { return duration_; }

  void setup(runtime::world& w) override {
    w.network().set_default_link(store_.link);
    auto store = store_.spawn(w, &store_stats_, &probe_);
    for (std::int64_t i = 0; i < envs_; ++i)
      w.spawn_node<muzero_env>(fmt::format("env-{}", i), "envs", static_cast<std::uint32_t>(i),
                               store, options_, &stats_);
  }

  std::vector<runtime::invariant_result> check(runtime::world&) override {
    std::vector<std::string> none_rolled;
    if (stats_.rollbacks == 0 && stats_.updates > std::uint64_t{options_.lookahead} * envs_)
      none_rolled.push_back("no rollback happened");
    auto violations = stats_.violations;
    violations.insert(violations.end(), none_rolled.begin(), none_rolled.end());
    return {runtime::verdict("rollback-returns-committed", violations)};
  }

  std::vector<runtime::metric> metrics() const override {
    auto seconds = sim::to_seconds(duration_);
    auto m = store_metrics(store_stats_);
    auto ns = [](const sim::histogram& h) { return h.count() == 0 ? 0.0 : double(h.quantile(0.5)); };
    m.insert(m.begin(), {{"updates", double(stats_.updates), ""},
                         {"updates_per_sim_s", double(stats_.updates) / seconds, "/s"},
                         {"rollbacks", double(stats_.rollbacks), ""},
                         {"forks", double(stats_.forks), ""},
                         {"fork_cpu_ns_p50", ns(store_stats_.fork_cpu_ns), "ns"},
                         {"commit_latency_p50_us", quantile_us(stats_.commit_latency_ns, 0.5), "us"},
                         {"commit_latency_p99_us", quantile_us(stats_.commit_latency_ns, 0.99), "us"},
                         {"rollback_latency_p50_us", quantile_us(stats_.rollback_latency_ns, 0.5), "us"},
                         {"skipped_ticks", double(stats_.skipped_ticks), ""}});
    return m;
  }

  std::vector<runtime::target> targets() const override {
    return {{"fork <= 1 us (real CPU)", "fork_cpu_ns_p50", "<=", 1'000, "ns"},
            {"rollback read <= 1 ms (simulated)", "rollback_latency_p50_us", "<=", 1'000, "us"}};
  }

  std::vector<runtime::plot> plots() const override {
    return store_plots(store_stats_, &stats_.commit_latency_ns);
  }
  std::vector<std::string> size_parameters() const override { return {"envs", "rate_hz"}; }

  runtime::memory_estimate estimated_memory() const override {
    // Every step is a full state (a new hidden state shares no bytes with its parent).
    double steps = sim::to_seconds(duration_) * options_.rate_hz;
    return runtime::memory_estimate::of(
      32 << 20, {{"envs", double(envs_), steps * (4.0 * options_.dimensions + 64)}});
  }

private:
  static void require(bool ok, const std::string& message) {
    sim::require_input(ok, "helios-muzero", message);
  }

  store_setup store_;
  sim::duration duration_;
  std::int64_t envs_ = 0;
  muzero_options options_;
  muzero_stats stats_;
  store_stats store_stats_;
  store_probe probe_;
};

} // namespace

runtime::scenario_info muzero_info() {
  return {"helios-muzero",
          "Helios (seed 000): MuZero dynamics, 256-float hidden states committed at 1 kHz with rollbacks",
          [](sim::parameters& p) { return std::make_unique<muzero_scenario>(p); }};
}

} // namespace detsim::scenarios::helios
