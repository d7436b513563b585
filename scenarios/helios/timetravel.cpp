// scenarios/helios/timetravel.cpp: helios-timetravel, time-travel chess on Helios:
// `games` games of `moves` moves with `variations` forks per position, jumps to any
// stored position with a Merkle proof checked by the client, and three-way merges of
// sibling timelines. Invariants: jumps return what was committed; proofs verify; a
// tampered copy fails its proof; merges agree with the client's own three-way merge.
#include "detsim/actors/helios/timetravel_player.hpp"
#include "detsim/scenarios/helios/scenarios.hpp"
#include "detsim/scenarios/helios/store_setup.hpp"

#include <fmt/format.h>

#include <set>

namespace detsim::scenarios::helios {

namespace {

using namespace actors::helios;

class timetravel_scenario final : public runtime::scenario {
public:
  explicit timetravel_scenario(sim::parameters& p)
    : store_(store_setup::take(p, "helios-timetravel")),
      duration_(p.take_duration("duration", std::chrono::seconds(600),
                                "simulated time allowed (the run ends when every game is done)")) {
    auto take = [&p](const char* name, std::uint32_t fallback, const char* help, std::int64_t low,
                     std::int64_t high) {
      auto value = p.take_int(name, fallback, help);
      require(value >= low && value <= high,
              fmt::format("{} must be between {} and {}", name, low, high));
      return static_cast<std::uint32_t>(value);
    };
    options_.games = take("games", 100, "games played at once", 1, 65535);
    options_.moves = take("moves", options_.moves, "moves per game", 1, 65535);
    options_.variations = take("variations", options_.variations, "forks per position", 0, 1000);
    options_.jumps = take("jumps", options_.jumps, "jumps per game, each with a proof", 0, 1'000'000);
    options_.merges = take("merges", options_.merges, "merges per game", 0, 1'000'000);
    require(duration_.count() > 0, "duration must be positive");
  }

  void announce(caf::actor_system_config& cfg) const override { announce_store_types(cfg); }
  sim::duration length() const override { return duration_; }

  void setup(runtime::world& w) override {
    w.network().set_default_link(store_.link);
    auto store = store_.spawn(w, &store_stats_, &probe_);
    for (std::uint32_t i = 0; i < options_.games; ++i)
      w.spawn_node<timetravel_player>(fmt::format("game-{}", i), "games", i, store, options_, &stats_);
  }

  std::vector<runtime::invariant_result> check(runtime::world&) override {
    auto only = [this](const char* marker) {
      std::vector<std::string> found;
      for (const auto& v : stats_.violations)
        if (v.find(marker) != std::string::npos)
          found.push_back(v);
      return found;
    };
    std::vector<std::string> tamper = only("tampered");
    if (options_.jumps > 0 && stats_.tamper_checks != stats_.games_done)
      tamper.push_back(fmt::format("{} tamper checks for {} games", stats_.tamper_checks, stats_.games_done));
    std::vector<std::string> unfinished;
    if (stats_.games_done < options_.games)
      unfinished.push_back(fmt::format("{} of {} games unfinished", options_.games - stats_.games_done,
                                       options_.games));
    return {runtime::verdict("jump-returns-committed", only("jump")),
            runtime::verdict("proofs-verify", only("did not verify")),
            runtime::verdict("tampered-proof-fails", tamper),
            runtime::verdict("merges-agree", only("merge")),
            runtime::verdict("forks-accepted", only("fork")),
            runtime::verdict("log-is-the-line-played", only("log of")),
            runtime::verdict("games-finish", unfinished)};
  }

  std::vector<runtime::metric> metrics() const override {
    auto m = store_metrics(store_stats_);
    auto ns = [](const sim::histogram& h) { return h.count() == 0 ? 0.0 : double(h.quantile(0.5)); };
    m.insert(m.end(), {{"positions", double(stats_.book.size()), ""},
                       {"forks", double(stats_.forks), ""},
                       {"fork_cpu_ns_p50", ns(store_stats_.fork_cpu_ns), "ns"},
                       {"jumps", double(stats_.jumps), ""},
                       {"jump_latency_p50_us", quantile_us(stats_.jump_latency_ns, 0.5), "us"},
                       {"proofs_verified", double(stats_.proofs_verified), ""},
                       {"tamper_checks", double(stats_.tamper_checks), ""},
                       {"histories_checked", double(stats_.histories_checked), ""},
                       {"merges_clean", double(stats_.merges_clean), ""},
                       {"merge_conflicts", double(stats_.merge_conflicts), ""}});
    return m;
  }

  std::vector<runtime::plot> plots() const override {
    auto plots = store_plots(store_stats_, nullptr);
    runtime::plot dag{"Game 0: main line (0), forks (1..) and merges", "ply", "timeline", {}};
    dag.segments = true;
    // Every ply forks: drawn are the forks of the first three plies and of those merged
    // later, so the merges stand out.
    std::set<double> merged_plies;
    for (const auto& e : stats_.dag)
      if (e.kind == 2)
        merged_plies.insert(e.from_x);
    auto drawn = [&merged_plies](const dag_edge& e) {
      return e.kind != 1 || e.to_x <= 3 || merged_plies.count(e.to_x);
    };
    const char* labels[] = {"main line", "forks", "merges"};
    for (int kind = 0; kind < 3; ++kind) {
      runtime::plot_series series{labels[kind], {}};
      for (const auto& e : stats_.dag)
        if (e.kind == kind && drawn(e)) {
          series.points.emplace_back(e.from_x, e.from_y);
          series.points.emplace_back(e.to_x, e.to_y);
        }
      dag.series.push_back(std::move(series));
    }
    plots.push_back(std::move(dag));
    return plots;
  }
  std::vector<std::string> size_parameters() const override { return {"games", "moves", "variations"}; }

private:
  static void require(bool ok, const std::string& message) {
    sim::require_input(ok, "helios-timetravel", message);
  }

  store_setup store_;
  sim::duration duration_;
  timetravel_options options_;
  timetravel_stats stats_;
  store_stats store_stats_;
  store_probe probe_;
};

} // namespace

runtime::scenario_info timetravel_info() {
  return {"helios-timetravel",
          "Helios (seed 000): time-travel chess, forks, jumps with Merkle proofs, merged timelines",
          [](sim::parameters& p) { return std::make_unique<timetravel_scenario>(p); }};
}

} // namespace detsim::scenarios::helios
