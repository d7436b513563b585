// tests/engine_test.cpp: the deterministic engine on small hand-made actor systems.
#include "detsim/engines/deterministic_engine.hpp"
#include "detsim/sim/parameters.hpp"

#include <catch2/catch.hpp>

#include <caf/all.hpp>

#include <algorithm>
#include <functional>
#include <set>

using namespace detsim;

namespace {

struct ping {
  std::uint32_t hop = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ping& x) {
  return f(caf::meta::type_name("test::ping"), x.hop);
}

/// Passes a ping around a ring of nodes; node 0 starts after a delay.
class ring_node final : public runtime::node_actor {
public:
  ring_node(caf::actor_config& cfg, runtime::world& w, sim::node_id node, sim::node_id next,
            std::vector<std::int64_t>* seen)
    : runtime::node_actor(cfg, w, node), next_(next), seen_(seen) {}

  caf::behavior make_behavior() override {
    if (node() == 0)
      delayed_send(this, std::chrono::milliseconds(5), ping{0});
    return {
      [this](const ping& p) {
        seen_->push_back(now().count());
        if (p.hop < 20)
          send(world_ref().lookup(next_), ping{p.hop + 1});
      },
    };
  }

private:
  sim::node_id next_;
  std::vector<std::int64_t>* seen_;
};

struct collect : sim::event_sink {
  std::vector<sim::trace_event> events;
  void on_event(const sim::trace_event& e) override { events.push_back(e); }
  void on_name(bool, std::uint32_t, const std::string&) override {}
  std::size_t count(sim::event_kind kind) const {
    return std::count_if(events.begin(), events.end(),
                         [&](const sim::trace_event& e) { return e.kind == kind; });
  }
};

engines::engine_options options(std::uint64_t seed) {
  engines::engine_options o;
  o.seed = seed;
  o.length = std::chrono::seconds(1);
  return o;
}

void announce(caf::actor_system_config& cfg) {
  cfg.add_message_type<ping>("test::ping");
}

/// `before_node(w, i)`, when given, runs in node i's factory before its ring actor spawns.
void build_ring(engines::deterministic_engine& e, int size, std::vector<std::int64_t>& seen,
                std::function<void(runtime::world&, int)> before_node = {}) {
  for (int i = 0; i < size; ++i)
    e.add_node("n" + std::to_string(i),
               [&seen, size, i, before_node](runtime::world& w, sim::node_id id) {
                 if (before_node)
                   before_node(w, i);
                 return w.system().spawn<ring_node>(std::ref(w), id,
                                                    static_cast<sim::node_id>((i + 1) % size),
                                                    &seen);
               });
  for (int i = 0; i < size; ++i)
    e.start_node(static_cast<sim::node_id>(i));
}

/// Answers even pings at once and keeps odd ones' promises without ever answering.
class half_server final : public runtime::node_actor {
public:
  half_server(caf::actor_config& cfg, runtime::world& w, sim::node_id node)
    : runtime::node_actor(cfg, w, node) {}

  caf::behavior make_behavior() override {
    return {
      [this](const ping& p) -> caf::result<ping> {
        if (p.hop % 2 == 0)
          return ping{p.hop};
        unanswered_.push_back(make_response_promise<ping>());
        return unanswered_.back();
      },
    };
  }

  // A promise holds its actor: drop them when the run ends, or the actor never goes.
  void on_exit() override { unanswered_.clear(); }

private:
  std::vector<caf::typed_response_promise<ping>> unanswered_;
};

/// At 1 ms sends `count` requests at once to node 1 (10 ms timeout each) and records
/// "answer hop at t" or "timeout hop at t" for each.
class many_requests final : public runtime::node_actor {
public:
  many_requests(caf::actor_config& cfg, runtime::world& w, sim::node_id node, std::uint32_t count,
                std::vector<std::string>* outcomes)
    : runtime::node_actor(cfg, w, node), count_(count), outcomes_(outcomes) {}

  caf::behavior make_behavior() override {
    delayed_send(this, std::chrono::milliseconds(1), ping{0});
    return {
      [this](const ping&) {
        for (std::uint32_t hop = 0; hop < count_; ++hop)
          request(world_ref().lookup(1), std::chrono::milliseconds(10), ping{hop})
            .then(
              [this](const ping& answer) { record("answer", answer.hop); },
              [this, hop](const caf::error&) { record("timeout", hop); });
      },
    };
  }

private:
  void record(const char* outcome, std::uint32_t hop) {
    outcomes_->push_back(std::string(outcome) + " " + std::to_string(hop) + " at " +
                         std::to_string(now().count()));
  }

  std::uint32_t count_;
  std::vector<std::string>* outcomes_;
};

} // namespace

TEST_CASE("delayed sends and network hops run on virtual time", "[engines]") {
  std::vector<std::int64_t> seen;
  engines::deterministic_engine e{options(1), announce};
  e.network().set_default_link({sim::duration{1'000'000}, sim::duration{0}});
  build_ring(e, 3, seen);
  auto stats = e.run();
  REQUIRE(seen.size() == 21);
  CHECK(seen[0] == 5'000'000);     // the 5 ms timer
  CHECK(seen[1] == 6'000'000);     // plus one 1 ms hop
  CHECK(seen[20] == 25'000'000);
  CHECK(stats.reason == sim::stop_reason::finished);
  CHECK(stats.end_time == std::chrono::seconds(1));
}

TEST_CASE("several requests out at once: answers arrive, only unanswered ones time out",
          "[engines]") {
  // The clock keeps the newest pending timeout's handle in the actor and older ones in
  // a map; answered requests' timeouts are dropped unseen, so the trace's timer events
  // are the start timer and the two real timeouts.
  std::vector<std::string> outcomes;
  collect sink;
  engines::deterministic_engine e{options(4), announce};
  e.network().set_default_link({sim::duration{1'000'000}, sim::duration{0}});
  e.add_sink(&sink);
  e.add_node("client", [&outcomes](runtime::world& w, sim::node_id id) {
    return w.system().spawn<many_requests>(std::ref(w), id, 4u, &outcomes);
  });
  e.add_node("server", [](runtime::world& w, sim::node_id id) {
    return w.system().spawn<half_server>(std::ref(w), id);
  });
  e.start_node(0);
  e.start_node(1);
  e.run();
  std::sort(outcomes.begin(), outcomes.end());
  CHECK(outcomes == std::vector<std::string>{"answer 0 at 3000000", "answer 2 at 3000000",
                                             "timeout 1 at 11000000", "timeout 3 at 11000000"});
  CHECK(sink.count(sim::event_kind::timer) == 3);
}

TEST_CASE("a partition drops the hop and the trace shows it", "[engines]") {
  std::vector<std::int64_t> seen;
  collect sink;
  engines::deterministic_engine e{options(2), announce};
  e.add_sink(&sink);
  build_ring(e, 3, seen);
  e.set_faults(sim::fault_plan::parse("from 0s to 1s partition n1|n2"));
  e.run();
  CHECK(seen.size() == 2); // n0 (timer) and n1; n1 -> n2 is cut
  CHECK(sink.count(sim::event_kind::drop) == 1);
  CHECK(sink.count(sim::event_kind::fault_start) == 1);
  CHECK(sink.count(sim::event_kind::fault_stop) == 1);
}

TEST_CASE("a killed node stops at once and restarts as a fresh actor", "[engines]") {
  std::vector<std::int64_t> seen;
  collect sink;
  engines::deterministic_engine e{options(3), announce};
  e.network().set_default_link({sim::duration{1'000'000}, sim::duration{0}});
  e.add_sink(&sink);
  build_ring(e, 3, seen);
  e.set_faults(sim::fault_plan::parse("at 6500us kill n2; at 20ms restart n2"));
  auto stats = e.run();
  // n0 at 5 ms, n1 at 6 ms; the ping reaches dead n2 at 7 ms and is lost.
  CHECK(seen.size() == 2);
  CHECK(sink.count(sim::event_kind::kill) == 1);
  CHECK(sink.count(sim::event_kind::restart) == 1);
  CHECK(e.is_up(2));
  CHECK(stats.reason == sim::stop_reason::finished);
}

namespace {

/// An actor that is no node's; spawning one takes an actor id. (A class rather than a
/// function: CAF 0.17.6 dereferences a null argument pack for a function actor spawned
/// without arguments, which UBSan reports.)
class bystander final : public caf::event_based_actor {
public:
  explicit bystander(caf::actor_config& cfg) : caf::event_based_actor(cfg) {}
  caf::behavior make_behavior() override {
    return {[](int) {}};
  }
};

} // namespace

TEST_CASE("every delivery names its sender's node when actor ids skip or restart", "[engines]") {
  // The engine computes the sender's node from its actor id while nodes were first
  // spawned with consecutive ids, and looks it up otherwise: here node 1 spawns a
  // helper first (the ids of nodes 1-3 skip one) and node 0 restarts with a new id.
  std::vector<std::int64_t> seen;
  collect sink;
  engines::deterministic_engine e{options(5), announce};
  e.network().set_default_link({sim::duration{1'000'000}, sim::duration{0}});
  e.add_sink(&sink);
  const int size = 4;
  build_ring(e, size, seen, [](runtime::world& w, int node) {
    if (node == 1)
      w.system().spawn<bystander>();
  });
  e.set_faults(sim::fault_plan::parse("at 2ms kill n0; at 3ms restart n0"));
  e.run();
  std::set<std::uint32_t> sources;
  for (const auto& event : sink.events)
    if (event.kind == sim::event_kind::deliver) {
      CHECK(event.target == (event.source + 1) % size);
      sources.insert(event.source);
    }
  CHECK(sources == std::set<std::uint32_t>{0, 1, 2, 3});
  CHECK(sink.count(sim::event_kind::restart) == 1);
}

namespace {

/// Monitors node 0 and records when it hears of its death.
class death_watcher final : public runtime::node_actor {
public:
  death_watcher(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                sim::time_point* heard)
    : runtime::node_actor(cfg, w, node), heard_(heard) {}
  caf::behavior make_behavior() override {
    monitor(world_ref().lookup(0));
    set_down_handler([this](const caf::down_msg&) { *heard_ = now(); });
    return {[](int) {}};
  }

private:
  sim::time_point* heard_;
};

} // namespace

TEST_CASE("a monitor hears about a kill through the engine", "[engines]") {
  const sim::time_point never{-1};
  sim::time_point heard = never;
  engines::deterministic_engine e{options(4), announce};
  e.add_node("victim", [&](runtime::world& w, sim::node_id id) {
    return w.system().spawn<death_watcher>(std::ref(w), id, &heard);
  });
  e.add_node("observer", [&](runtime::world& w, sim::node_id id) {
    return w.system().spawn<death_watcher>(std::ref(w), id, &heard);
  });
  e.start_node(0);
  e.start_node(1);
  e.set_faults(sim::fault_plan::parse("at 100ms kill victim"));
  e.run();
  CHECK(heard != never);
}

TEST_CASE("a death notice across a partition still comes after the latency floor", "[engines]") {
  struct idle final : runtime::node_actor {
    using runtime::node_actor::node_actor;
    caf::behavior make_behavior() override { return {[](int) {}}; }
  };
  sim::time_point heard{-1};
  engines::deterministic_engine e{options(4), announce};
  e.add_node("victim", [](runtime::world& w, sim::node_id id) {
    return w.system().spawn<idle>(std::ref(w), id);
  });
  e.add_node("observer", [&heard](runtime::world& w, sim::node_id id) {
    return w.system().spawn<death_watcher>(std::ref(w), id, &heard);
  });
  e.start_node(0);
  e.start_node(1);
  e.set_faults(sim::fault_plan::parse("from 50ms to 200ms partition victim|observer; at 100ms kill victim"));
  e.run();
  // Not at once: nothing between two nodes is faster than their link's floor (100 us).
  CHECK(heard == std::chrono::milliseconds(100) + e.network().latency_floor(0, 1));
  CHECK(e.network().latency_floor(0, 1) == std::chrono::microseconds(100));
}

TEST_CASE("faults that name unknown nodes are refused before the run", "[engines]") {
  std::vector<std::int64_t> seen;
  engines::deterministic_engine e{options(5), announce};
  build_ring(e, 2, seen);
  CHECK_THROWS_AS(e.set_faults(sim::fault_plan::parse("at 1s kill n7")), sim::input_error);
}

TEST_CASE("a detached actor is refused with a clear error", "[engines]") {
  struct plain final : runtime::node_actor {
    using runtime::node_actor::node_actor;
    caf::behavior make_behavior() override { return {[](int) {}}; }
  };
  engines::deterministic_engine e{options(6), announce};
  e.add_node("rogue", [](runtime::world& w, sim::node_id id) {
    return w.system().spawn<plain, caf::detached>(std::ref(w), id);
  });
  e.start_node(0);
  CHECK_THROWS_WITH(e.run(), Catch::Contains("detached and blocking actors are not allowed"));
}

namespace {

/// At `at` sends `count` pings numbered from `first` to node `target`.
class burst_sender final : public runtime::node_actor {
public:
  burst_sender(caf::actor_config& cfg, runtime::world& w, sim::node_id node, sim::duration at,
               std::uint32_t first, std::uint32_t count, sim::node_id target)
    : runtime::node_actor(cfg, w, node), at_(at), first_(first), count_(count), target_(target) {}

  caf::behavior make_behavior() override {
    delayed_send(this, at_, ping{});
    return {
      [this](const ping&) {
        for (std::uint32_t i = 0; i < count_; ++i)
          send(world_ref().lookup(target_), ping{first_ + i});
      },
    };
  }

private:
  sim::duration at_;
  std::uint32_t first_;
  std::uint32_t count_;
  sim::node_id target_;
};

/// Records the hop of every ping it receives.
class ping_sink final : public runtime::node_actor {
public:
  ping_sink(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
            std::vector<std::uint32_t>* hops)
    : runtime::node_actor(cfg, w, node), hops_(hops) {}

  caf::behavior make_behavior() override {
    return {[this](const ping& p) { hops_->push_back(p.hop); }};
  }

private:
  std::vector<std::uint32_t>* hops_;
};

/// Which of node "a"'s 40 pings cross a link that loses half, sorted, when node "b"
/// first sends `b_sends` pings of its own over the same kind of link.
std::vector<std::uint32_t> a_pings_through(std::uint64_t seed, std::uint32_t b_sends) {
  std::vector<std::uint32_t> hops;
  engines::deterministic_engine e{options(seed), announce};
  sim::link_profile lossy;
  lossy.loss = 0.5;
  e.network().set_default_link(lossy);
  e.add_node("sink", [&hops](runtime::world& w, sim::node_id id) {
    return w.system().spawn<ping_sink>(std::ref(w), id, &hops);
  });
  e.add_node("b", [b_sends](runtime::world& w, sim::node_id id) {
    return w.system().spawn<burst_sender>(std::ref(w), id, sim::duration{500'000}, 1000u, b_sends,
                                          sim::node_id{0});
  });
  e.add_node("a", [](runtime::world& w, sim::node_id id) {
    return w.system().spawn<burst_sender>(std::ref(w), id, sim::duration{1'000'000}, 0u, 40u,
                                          sim::node_id{0});
  });
  for (sim::node_id node = 0; node < 3; ++node)
    e.start_node(node);
  e.run();
  hops.erase(std::remove_if(hops.begin(), hops.end(), [](std::uint32_t hop) { return hop >= 1000; }),
             hops.end());
  std::sort(hops.begin(), hops.end());
  return hops;
}

/// Sets two timers for one instant (10 ms) and does nothing when they fire.
class alarm_node final : public runtime::node_actor {
public:
  using runtime::node_actor::node_actor;
  caf::behavior make_behavior() override {
    delayed_send(this, std::chrono::milliseconds(10), ping{});
    delayed_send(this, std::chrono::milliseconds(10), ping{});
    return {[](const ping&) {}};
  }
};

/// The nodes whose timers fire at 10 ms, in the order they ran (ten steps), for five
/// nodes started in ascending or descending order.
std::vector<std::uint32_t> alarm_order(std::uint64_t seed, bool descending) {
  collect sink;
  engines::deterministic_engine e{options(seed), announce};
  e.add_sink(&sink);
  for (int i = 0; i < 5; ++i)
    e.add_node("n" + std::to_string(i), [](runtime::world& w, sim::node_id id) {
      return w.system().spawn<alarm_node>(std::ref(w), id);
    });
  for (int i = 0; i < 5; ++i)
    e.start_node(static_cast<sim::node_id>(descending ? 4 - i : i));
  e.run();
  std::vector<std::uint32_t> order;
  for (const auto& event : sink.events)
    if (event.kind == sim::event_kind::timer && event.time == std::chrono::milliseconds(10))
      order.push_back(event.target);
  return order;
}

/// The pings that reach the sink at 5 ms, in the order it takes them: node 1 sends one at
/// `one_sends`, node 2 one at `two_sends`, each over a link whose fixed latency makes it
/// arrive at 5 ms.
std::vector<std::uint32_t> same_instant_arrivals(sim::duration one_sends, sim::duration two_sends) {
  std::vector<std::uint32_t> hops;
  engines::deterministic_engine e{options(1), announce};
  e.add_node("sink", [&hops](runtime::world& w, sim::node_id id) {
    return w.system().spawn<ping_sink>(std::ref(w), id, &hops);
  });
  const sim::duration arrival = std::chrono::milliseconds(5);
  for (auto sends : {one_sends, two_sends}) {
    auto node = e.add_node("sender", [sends](runtime::world& w, sim::node_id id) {
      return w.system().spawn<burst_sender>(std::ref(w), id, sends, id, 1u, sim::node_id{0});
    });
    sim::link_profile fixed;
    fixed.latency_min = arrival - sends;
    fixed.latency_jitter_mean = sim::duration{0};
    e.network().set_link(node, 0, fixed);
  }
  for (sim::node_id node = 0; node < 3; ++node)
    e.start_node(node);
  e.run();
  return hops;
}

} // namespace

TEST_CASE("arrivals due at one instant come in the order of the nodes that sent them",
          "[engines]") {
  // Not in the order they were queued: node 2 sending first must not put it first.
  CHECK(same_instant_arrivals(std::chrono::milliseconds(1), std::chrono::milliseconds(2)) ==
        std::vector<std::uint32_t>{1, 2});
  CHECK(same_instant_arrivals(std::chrono::milliseconds(2), std::chrono::milliseconds(1)) ==
        std::vector<std::uint32_t>{1, 2});
}

TEST_CASE("a node's network draws depend on its own sends alone", "[engines]") {
  // With one engine-wide stream, b's sends before a's would shift which of a's are lost.
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    auto alone = a_pings_through(seed, 0);
    CHECK(alone.size() > 5);
    CHECK(alone.size() < 35);
    CHECK(a_pings_through(seed, 30) == alone);
  }
}

TEST_CASE("nodes ready at one instant run in the seed's order, not the order they got ready",
          "[engines]") {
  std::set<std::vector<std::uint32_t>> orders;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    CAPTURE(seed);
    auto ascending = alarm_order(seed, false);
    REQUIRE(ascending.size() == 10);
    CHECK(alarm_order(seed, true) == ascending);
    for (std::size_t i = 0; i < ascending.size(); i += 2)
      CHECK(ascending[i] == ascending[i + 1]); // a node's steps at one instant stay together
    orders.insert(ascending);
  }
  CHECK(orders.size() > 5); // the seed still decides the interleaving
}
