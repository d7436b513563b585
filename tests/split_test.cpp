// tests/split_test.cpp: runs split into groups (engine_options::groups, --groups; on one
// thread per group with --threads) are the same run as unsplit ones: byte-identical traces
// and equal metrics for 1, 2 and 4 groups, replays across counts, reports in the run's
// order; and what a split cannot order is refused.
#include "test_support.hpp"

#include "detsim/engines/deterministic_engine.hpp"
#include "detsim/harness/replay_runner.hpp"

#include <catch2/catch.hpp>

#include <caf/all.hpp>

#include <cstdio>

using namespace detsim;

namespace {

struct traced {
  std::string bytes;
  std::vector<runtime::metric> metrics;
};

/// `threads`: 0, the groups take turns on the run's thread; else that many at once.
traced traced_run(harness::run_spec spec, std::uint32_t groups, std::uint32_t threads,
                  const std::string& name) {
  spec.groups = groups;
  spec.group_threads = threads;
  spec.trace_path = test::temp_path(name);
  auto outcome = test::run(spec);
  REQUIRE(outcome.passed());
  traced result{test::read_file(spec.trace_path), outcome.metrics};
  std::remove(spec.trace_path.c_str());
  return result;
}

bool same_metrics(const std::vector<runtime::metric>& a, const std::vector<runtime::metric>& b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].name != b[i].name || a[i].value != b[i].value)
      return false;
  return true;
}

struct token {
  std::uint32_t from = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, token& x) {
  return f(caf::meta::type_name("test::token"), x.from);
}

/// Sends a token to every other node at each tick (1 ms apart); on each token, reports its
/// own node to a shared list, directly or through world::in_run_order.
class reporter final : public runtime::node_actor {
public:
  reporter(caf::actor_config& cfg, runtime::world& w, sim::node_id node, std::uint32_t nodes,
           std::vector<sim::node_id>* reports, bool in_order)
    : runtime::node_actor(cfg, w, node), nodes_(nodes), reports_(reports), in_order_(in_order) {}

  caf::behavior make_behavior() override {
    delayed_send(this, std::chrono::milliseconds(1), caf::tick_atom::value);
    return {
      [this](caf::tick_atom) {
        for (sim::node_id n = 0; n < nodes_; ++n)
          if (n != node())
            send(world_ref().lookup(n), token{node()});
        delayed_send(this, std::chrono::milliseconds(1), caf::tick_atom::value);
      },
      [](caf::ok_atom) {}, // the echo of a token, at the same instant
      [this](const token&) {
        delayed_send(this, std::chrono::milliseconds(0), caf::ok_atom::value);
        auto* reports = reports_;
        auto me = node();
        if (in_order_)
          world_ref().in_run_order([reports, me] { reports->push_back(me); });
        else
          reports->push_back(me);
      },
    };
  }

private:
  std::uint32_t nodes_;
  std::vector<sim::node_id>* reports_;
  bool in_order_;
};

struct collect : sim::event_sink {
  std::vector<sim::trace_event> events;
  void on_event(const sim::trace_event& e) override { events.push_back(e); }
  void on_name(bool, std::uint32_t, const std::string&) override {}
};

struct reporter_run {
  std::vector<sim::node_id> reports;
  std::vector<sim::trace_event> events;
};

/// Six reporters; with `aligned` links (no jitter) every token of a tick arrives at one
/// instant, with its echo in the instant's next round, and a killed node's tokens are
/// dropped as they fire: what the merge's rounds and phases must order.
reporter_run run_reporters(std::uint32_t groups, bool in_order, bool aligned = false,
                           std::uint32_t threads = 0) {
  engines::engine_options options;
  options.seed = 3;
  options.length = std::chrono::milliseconds(20);
  options.groups = groups;
  options.threads = threads;
  engines::deterministic_engine engine{options, [](caf::actor_system_config& cfg) {
                                         cfg.add_message_type<token>("test::token");
                                       }};
  reporter_run result;
  collect sink;
  engine.add_sink(&sink);
  if (aligned) {
    sim::link_profile link;
    link.latency_jitter_mean = sim::duration{0};
    engine.network().set_default_link(link);
  }
  constexpr std::uint32_t nodes = 6;
  for (std::uint32_t i = 0; i < nodes; ++i)
    engine.add_node("r" + std::to_string(i), [&](runtime::world& w, sim::node_id id) {
      return w.system().spawn<reporter>(std::ref(w), id, nodes, &result.reports, in_order);
    });
  if (aligned)
    engine.set_faults(sim::fault_plan::parse("at 4ms kill r2; at 9ms restart r2", "test"));
  for (sim::node_id i = 0; i < nodes; ++i)
    engine.start_node(i);
  engine.run();
  result.events = std::move(sink.events);
  return result;
}

std::vector<sim::node_id> reports_of(std::uint32_t groups, bool in_order) {
  return run_reporters(groups, in_order).reports;
}

/// Node 0 delays a message to node 1 (delayed_send to another node).
class delayer final : public runtime::node_actor {
public:
  delayer(caf::actor_config& cfg, runtime::world& w, sim::node_id node)
    : runtime::node_actor(cfg, w, node) {}
  caf::behavior make_behavior() override {
    if (node() == 0)
      delayed_send(world_ref().lookup(1), std::chrono::milliseconds(1), caf::tick_atom::value);
    return {[](caf::tick_atom) {}};
  }
};

/// Two delayers, d0 and d1, started, in a run split into two groups.
struct two_delayers {
  engines::deterministic_engine engine;
  explicit two_delayers(std::uint32_t threads = 0)
    : engine{split_in_two(threads), [](caf::actor_system_config&) {}} {
    for (int i = 0; i < 2; ++i)
      engine.add_node("d" + std::to_string(i), [](runtime::world& w, sim::node_id id) {
        return w.system().spawn<delayer>(std::ref(w), id);
      });
    engine.start_node(0);
    engine.start_node(1);
  }
  static engines::engine_options split_in_two(std::uint32_t threads) {
    engines::engine_options options;
    options.groups = 2;
    options.threads = threads;
    return options;
  }
};

} // namespace

TEST_CASE("a swarm split into 1 or 2 or 4 groups writes byte-identical traces and metrics",
          "[split][determinism]") {
  auto seed = GENERATE(range(1, 6));
  CAPTURE(seed);
  auto spec = test::small_swarm(static_cast<std::uint64_t>(seed), {"agents=120", "resources=8"});
  spec.chaos = "kill-rate=4/s,loss=0.02,partition-rate=2/s,latency-spike=2/s";
  auto one = traced_run(spec, 1, 0, "split-1.zst");
  CHECK(one.bytes.size() > 1000);
  // Groups taking turns, one thread per group, and more groups than threads (threads
  // take each other's groups as they finish theirs).
  for (auto [groups, threads] : {std::pair<std::uint32_t, std::uint32_t>{2, 0}, {4, 0}, {2, 2},
                                 {4, 4}, {4, 2}, {7, 3}}) {
    CAPTURE(groups, threads);
    auto split = traced_run(spec, groups, threads, "split-n.zst");
    CHECK(split.bytes == one.bytes);
    CHECK(same_metrics(split.metrics, one.metrics));
  }
}

TEST_CASE("a trace recorded unsplit replays split and the other way round", "[split][replays]") {
  auto spec = test::small_swarm(11);
  spec.chaos = "kill-rate=3/s,loss=0.01";
  for (auto [recorded, replayed] : {std::pair<std::uint32_t, std::uint32_t>{1, 4}, {3, 1}}) {
    CAPTURE(recorded, replayed);
    spec.groups = recorded;
    spec.group_threads = recorded > 1 ? recorded : 0;
    spec.trace_path = test::temp_path("split-replay.zst");
    REQUIRE(test::run(spec).passed());
    auto result = harness::replay_trace(scenarios::builtin_registry(), spec.trace_path, {},
                                        nullptr, 0, replayed, replayed > 1 ? 2 : 0);
    CHECK_FALSE(result.divergence);
    CHECK(result.compared > 1000);
    std::remove(spec.trace_path.c_str());
  }
}

TEST_CASE("reports through in_run_order come in the unsplit order, direct ones do not",
          "[split]") {
  auto unsplit = reports_of(1, true);
  REQUIRE(unsplit.size() > 100);
  CHECK(reports_of(3, true) == unsplit);
  CHECK(reports_of(1, false) == unsplit);
  // The control: without in_run_order, each group reports a window's worth at a time.
  CHECK(reports_of(3, false) != unsplit);
}

TEST_CASE("nodes at one instant, its rounds and drops as entries fire merge in one order",
          "[split]") {
  auto unsplit = run_reporters(1, true, true);
  REQUIRE(unsplit.events.size() > 500);
  auto drops = std::count_if(unsplit.events.begin(), unsplit.events.end(),
                             [](const sim::trace_event& e) { return e.kind == sim::event_kind::drop; });
  CHECK(drops > 10);
  for (std::uint32_t groups : {2u, 3u, 6u}) {
    for (std::uint32_t threads : {0u, 2u, groups}) {
      CAPTURE(groups, threads);
      auto split = run_reporters(groups, true, true, threads);
      CHECK(split.events == unsplit.events);
      CHECK(split.reports == unsplit.reports);
    }
  }
}

TEST_CASE("what a split run cannot keep in one order is refused by name", "[split]") {
  SECTION("a scenario that does not declare it") {
    auto spec = test::small_swarm(1);
    spec.scenario = "ingest";
    spec.parameters.clear();
    spec.groups = 2;
    CHECK_THROWS_WITH(test::run(spec), Catch::Contains("does not declare"));
  }
  SECTION("links with no latency floor") {
    auto spec = test::small_swarm(1, {"latency=0s"});
    spec.groups = 2;
    CHECK_THROWS_WITH(test::run(spec), Catch::Contains("latency floor is 0"));
  }
  SECTION("a step budget") {
    auto spec = test::small_swarm(1);
    spec.groups = 2;
    spec.max_steps = 1000;
    CHECK_THROWS_WITH(test::run(spec), Catch::Contains("--max-steps"));
  }
  SECTION("a message delayed to another node, found on whichever thread") {
    for (std::uint32_t threads : {0u, 2u}) {
      two_delayers split{threads};
      CHECK_THROWS_WITH(split.engine.run(), Catch::Contains("delayed (delayed_send) to node 'd1'"));
    }
  }
  SECTION("more threads than groups") {
    auto spec = test::small_swarm(1);
    spec.groups = 2;
    spec.group_threads = 3;
    CHECK_THROWS_WITH(test::run(spec), Catch::Contains("on 3 threads needs as many groups"));
  }
  SECTION("NICs, whose queues every sender shares") {
    two_delayers split;
    sim::nic_profile nic;
    nic.ingress = 1'000'000;
    split.engine.network().set_nic(1, nic);
    CHECK_THROWS_WITH(split.engine.run(), Catch::Contains("NIC"));
  }
}
