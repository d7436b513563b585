// examples/own_scenario/main.cpp: a user's own program. It registers a "heartbeat"
// scenario (a monitor pings workers and counts answers) next to detsim's built-in ones
// and gets the whole CLI: list, run, replay.
#include <cli/app.hpp>
#include <actors/node_actor.hpp>
#include <scenarios/scenario.hpp>

#include <caf/all.hpp>

#include <string>

namespace heartbeat {

struct ping {
  std::uint64_t round = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ping& x) {
  return f(caf::meta::type_name("heartbeat::ping"), x.round);
}

struct counters {
  std::uint64_t sent = 0;
  std::uint64_t answered = 0;
  std::uint64_t missed = 0;
};

/// Answers every ping with the same round number.
class worker final : public actors::node_actor {
public:
  using actors::node_actor::node_actor;
  caf::behavior make_behavior() override {
    return {[](const ping& p) { return p; }};
  }
};

/// Pings every worker each period and counts answers and timeouts.
class monitor final : public actors::node_actor {
public:
  monitor(caf::actor_config& cfg, actors::world& w, sim::node_id node,
          std::vector<sim::node_id> workers, counters* stats)
    : actors::node_actor(cfg, w, node), workers_(std::move(workers)), stats_(stats) {}

  caf::behavior make_behavior() override {
    delayed_send(this, std::chrono::milliseconds(100), ping{0});
    return {[this](const ping& tick) {
      for (auto id : workers_)
        if (auto target = world_ref().lookup(id)) {
          ++stats_->sent;
          request(target, std::chrono::milliseconds(50), ping{tick.round})
            .then([this](const ping&) { ++stats_->answered; },
                  [this](const caf::error&) { ++stats_->missed; });
        }
      delayed_send(this, std::chrono::milliseconds(100), ping{tick.round + 1});
    }};
  }

private:
  std::vector<sim::node_id> workers_;
  counters* stats_;
};

class scenario final : public scenarios::scenario {
public:
  explicit scenario(sim::parameters& p)
    : workers_(p.take_int("workers", 5, "number of workers")),
      length_(p.take_duration("duration", std::chrono::seconds(2), "simulated time")) {
    if (workers_ < 1 || workers_ > 100000)
      throw sim::input_error("heartbeat: workers must be between 1 and 100000");
  }
  void announce(caf::actor_system_config& cfg) const override {
    cfg.add_message_type<ping>("heartbeat::ping");
  }
  sim::duration length() const override { return length_; }
  void setup(actors::world& w) override {
    std::vector<sim::node_id> ids;
    for (std::int64_t i = 0; i < workers_; ++i)
      ids.push_back(w.add_node("worker-" + std::to_string(i), [](actors::world& world, sim::node_id id) {
        return world.system().spawn<worker>(std::ref(world), id);
      }));
    auto boss = w.add_node("monitor", [this, ids](actors::world& world, sim::node_id id) {
      return world.system().spawn<monitor>(std::ref(world), id, ids, &stats_);
    });
    for (auto id : ids)
      w.start_node(id);
    w.start_node(boss);
  }
  std::vector<std::string> chaos_targets() const override {
    std::vector<std::string> nodes;
    for (std::int64_t i = 0; i < workers_; ++i)
      nodes.push_back("worker-" + std::to_string(i));
    return nodes;
  }
  std::vector<scenarios::invariant_result> check(actors::world&) override {
    bool balanced = stats_.answered + stats_.missed <= stats_.sent;
    return {{"answers-match-pings", balanced,
             balanced ? std::vector<std::string>{}
                      : std::vector<std::string>{"more answers than pings"}}};
  }
  std::vector<scenarios::metric> metrics() const override {
    return {{"pings", double(stats_.sent), ""},
            {"answered", double(stats_.answered), ""},
            {"missed", double(stats_.missed), ""}};
  }

private:
  std::int64_t workers_;
  sim::duration length_;
  counters stats_;
};

} // namespace heartbeat

int main(int argc, char** argv) {
  auto registry = scenarios::builtin_registry();
  registry.add({"heartbeat", "a monitor pings workers; answers and misses are counted",
                [](sim::parameters& p) { return std::make_unique<heartbeat::scenario>(p); }});
  return cli::main(argc, argv, registry);
}
