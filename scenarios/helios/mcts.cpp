// scenarios/helios/mcts.cpp: helios-mcts, AlphaGo-style search on Helios: `trees` MCTS
// agents, each running `sims_per_move` simulations per move and committing every
// expansion to one store. Invariant: every jump by digest returns exactly the board the
// agent built.
#include "detsim/actors/helios/mcts_agent.hpp"
#include "detsim/scenarios/helios/scenarios.hpp"
#include "detsim/scenarios/helios/store_setup.hpp"

#include <fmt/format.h>

namespace detsim::scenarios::helios {

namespace {

using namespace actors::helios;

class mcts_scenario final : public runtime::scenario {
public:
  explicit mcts_scenario(sim::parameters& p)
    : store_(store_setup::take(p, "helios-mcts")),
      duration_(p.take_duration("duration", std::chrono::seconds(600),
                                "simulated time allowed (the run ends when every tree is done)")) {
    auto trees = p.take_int("trees", 1000, "MCTS agents, one tree each");
    auto sims = p.take_int("sims_per_move", options_.sims_per_move, "simulations per move");
    auto moves = p.take_int("moves", options_.moves, "moves each tree plays");
    auto branching = p.take_int("branching", options_.branching, "most children per node");
    auto playout = p.take_int("playout_moves", options_.playout_moves, "random moves per playout");
    auto batch = p.take_int("batch", options_.batch, "expansions committed per message");
    options_.think_time = p.take_duration("think_time", options_.think_time,
                                          "simulated time per simulation before its commit");
    require(options_.think_time.count() >= 0, "think_time must not be negative");
    auto in_range = [](std::int64_t v, std::int64_t low, std::int64_t high) { return v >= low && v <= high; };
    require(in_range(trees, 1, 1'000'000), "trees must be between 1 and 1000000");
    require(in_range(sims, 1, 1'000'000), "sims_per_move must be between 1 and 1000000");
    require(in_range(moves, 1, 300), "moves must be between 1 and 300");
    require(in_range(branching, 1, 361), "branching must be between 1 and 361");
    require(in_range(playout, 0, 361), "playout_moves must be between 0 and 361");
    require(in_range(batch, 1, 10'000), "batch must be between 1 and 10000");
    require(duration_.count() > 0, "duration must be positive");
    options_.agents = static_cast<std::uint32_t>(trees);
    options_.sims_per_move = static_cast<std::uint32_t>(sims);
    options_.moves = static_cast<std::uint32_t>(moves);
    options_.branching = static_cast<std::uint32_t>(branching);
    options_.playout_moves = static_cast<std::uint32_t>(playout);
    options_.batch = static_cast<std::uint32_t>(batch);
  }

  void announce(caf::actor_system_config& cfg) const override { announce_store_types(cfg); }
  sim::duration length() const override { return duration_; }

  void setup(runtime::world& w) override {
    w.network().set_default_link(store_.link);
    auto store = store_.spawn(w, &store_stats_, &probe_);
    for (std::uint32_t i = 0; i < options_.agents; ++i)
      w.spawn_node<mcts_agent>(fmt::format("tree-{}", i), "trees", i, store, options_, &stats_);
  }

  std::vector<runtime::invariant_result> check(runtime::world&) override {
    std::vector<std::string> unfinished;
    if (stats_.agents_done < options_.agents)
      unfinished.push_back(fmt::format("{} of {} trees did not finish their moves in {}",
                                       options_.agents - stats_.agents_done, options_.agents,
                                       sim::format_duration(duration_)));
    return {runtime::verdict("jump-returns-committed", stats_.violations),
            runtime::verdict("trees-finish", unfinished)};
  }

  std::vector<runtime::metric> metrics() const override {
    auto m = store_metrics(store_stats_);
    auto simulated = sim::to_seconds(store_stats_.last_commit_at - sim::time_point{0});
    m.insert(m.begin() + 2, {{"commit_latency_p50_us", quantile_us(stats_.commit_latency_ns, 0.5), "us"},
                             {"commit_latency_p99_us", quantile_us(stats_.commit_latency_ns, 0.99), "us"}});
    m.push_back({"simulations", double(stats_.simulations), ""});
    m.push_back({"simulations_per_sim_s", simulated > 0 ? double(stats_.simulations) / simulated : 0, "/s"});
    m.push_back({"moves_played", double(stats_.moves_played), ""});
    m.push_back({"jumps", double(stats_.jumps), ""});
    m.push_back({"batch_collisions", double(stats_.collisions), ""});
    return m;
  }

  std::vector<runtime::target> targets() const override {
    return {{"commit CPU p50 <= 10 us", "commit_cpu_ns_p50", "<=", 10'000, "ns"},
            {"commit latency p50 < 100 us (simulated)", "commit_latency_p50_us", "<", 100, "us"},
            {"memory <= 100 B per state", "bytes_per_state", "<=", 100, "B"}};
  }

  std::vector<runtime::plot> plots() const override {
    return store_plots(store_stats_, &stats_.commit_latency_ns);
  }
  std::vector<std::string> size_parameters() const override { return {"trees", "sims_per_move"}; }

  runtime::memory_estimate estimated_memory() const override {
    // Per state: ~90 B in the store and ~100 B in the agent's tree; per agent ~5 KB.
    double per_tree = 5000 + 200.0 * options_.sims_per_move;
    return runtime::memory_estimate::of(32 << 20, {{"trees", double(options_.agents), per_tree}});
  }

private:
  static void require(bool ok, const std::string& message) {
    sim::require_input(ok, "helios-mcts", message);
  }

  store_setup store_;
  sim::duration duration_;
  mcts_options options_;
  mcts_stats stats_;
  store_stats store_stats_;
  store_probe probe_;
};

} // namespace

runtime::scenario_info mcts_info() {
  return {"helios-mcts",
          "Helios (seed 000): AlphaGo-style MCTS, every expansion committed to the state store",
          [](sim::parameters& p) { return std::make_unique<mcts_scenario>(p); }};
}

} // namespace detsim::scenarios::helios
