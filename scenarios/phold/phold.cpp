// scenarios/phold/phold.cpp: phold, `lps` logical processes with `population` events
// each. Invariants: events in flight stay lps x population (each delivery schedules
// exactly one), and no event is delivered before its time.
#include "detsim/scenarios/phold/phold.hpp"

#include "detsim/actors/phold/logical_process.hpp"
#include "detsim/runtime/process_usage.hpp"

#include <fmt/format.h>

namespace detsim::scenarios::phold {

namespace {

using namespace actors::phold;

class phold_scenario final : public runtime::scenario {
public:
  explicit phold_scenario(sim::parameters& p)
    : duration_(p.take_duration("duration", std::chrono::milliseconds(100), "simulated time to run")) {
    auto lps = p.take_int("lps", 1000, "logical processes, one actor each");
    auto population = p.take_int("population", 10, "initial events per LP");
    options_.lookahead = p.take_duration("lookahead", options_.lookahead, "least delay of an event");
    options_.mean_delay = p.take_duration("mean_delay", options_.mean_delay,
                                          "mean exponential delay on top of the lookahead");
    options_.remote = p.take_double("remote", options_.remote, "chance an event goes to a random LP");
    require(lps >= 1 && lps <= 10'000'000, "lps must be between 1 and 10000000");
    require(population >= 1 && population <= 1'000'000, "population must be between 1 and 1000000");
    require(lps * population <= 100'000'000, "lps x population must be at most 100000000");
    require(options_.lookahead.count() > 0, "lookahead must be positive");
    require(options_.mean_delay.count() >= 0, "mean_delay must not be negative");
    require(options_.remote >= 0 && options_.remote <= 1, "remote must be between 0 and 1");
    require(duration_.count() > 0, "duration must be positive");
    lps_ = static_cast<std::uint32_t>(lps);
    options_.population = static_cast<std::uint32_t>(population);
  }

  void announce(caf::actor_system_config& cfg) const override {
    runtime::announce_messages<phold_event>(cfg);
  }
  sim::duration length() const override { return duration_; }

  void setup(runtime::world& w) override {
    // Ideal links: an event arrives exactly when its sender scheduled it.
    sim::link_profile ideal;
    ideal.latency_min = sim::duration{0};
    ideal.latency_jitter_mean = sim::duration{0};
    w.network().set_default_link(ideal);
    options_.lps = &nodes_;
    for (std::uint32_t i = 0; i < lps_; ++i)
      nodes_.push_back(w.add_node(fmt::format("lp-{}", i), [this](runtime::world& world, sim::node_id id) {
        return world.system().spawn<logical_process>(std::ref(world), id, options_, &stats_);
      }));
    for (auto node : nodes_)
      w.start_node(node);
    started_ns_ = runtime::stopwatch_ns();
  }

  std::vector<runtime::invariant_result> check(runtime::world&) override {
    wall_ns_ = runtime::stopwatch_ns() - started_ns_;
    std::vector<std::string> conservation;
    auto in_flight = stats_.scheduled - stats_.delivered;
    auto expected = std::uint64_t{lps_} * options_.population;
    if (in_flight != expected)
      conservation.push_back(fmt::format("{} events in flight at the end, not lps x population = {}",
                                         in_flight, expected));
    return {runtime::verdict("events-conserved", conservation),
            runtime::verdict("no-event-early", stats_.early)};
  }

  std::vector<runtime::metric> metrics() const override {
    auto wall_s = double(wall_ns_) / 1e9;
    return {{"events", double(stats_.delivered), ""},
            {"events_per_wall_s", wall_s > 0 ? double(stats_.delivered) / wall_s : 0, "/s"},
            {"population_total", double(std::uint64_t{lps_} * options_.population), ""}};
  }
  std::vector<std::string> size_parameters() const override { return {"lps", "population"}; }
  runtime::memory_estimate estimated_memory() const override {
    // ~4.5 KB per LP (actor, mailbox, node) and ~150 B per event in flight (a timer entry
    // and its CAF message).
    return runtime::memory_estimate::of(16 << 20, {{"lps", double(lps_), 4500},
                                                   {"population", double(lps_) * options_.population, 150}});
  }

private:
  static void require(bool ok, const std::string& message) { sim::require_input(ok, "phold", message); }

  sim::duration duration_;
  std::uint32_t lps_ = 0;
  phold_options options_;
  phold_stats stats_;
  std::vector<sim::node_id> nodes_;
  std::int64_t started_ns_ = 0;
  std::int64_t wall_ns_ = 0;
};

} // namespace

runtime::scenario_info phold_info() {
  return {"phold", "PHOLD (Fujimoto 1990): the standard discrete-event benchmark, one actor per LP",
          [](sim::parameters& p) { return std::make_unique<phold_scenario>(p); }};
}

} // namespace detsim::scenarios::phold
