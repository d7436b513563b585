// bench/ring.cpp: ring benchmarks and the idle-actor memory probe.
#include "ring.hpp"

#include "detsim/engines/deterministic_engine.hpp"
#include "detsim/replays/trace_writer.hpp"
#include "detsim/runtime/process_usage.hpp"
#include "detsim/sim/rng.hpp"

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>
#include <unistd.h>

using namespace detsim;

namespace bench {

namespace {

constexpr std::uint32_t tokens = 100; // concurrent tokens, so the scheduler has choices

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Each node i forwards every token to node (i + 1) % actors.
std::vector<std::uint32_t> next_in_ring(std::uint32_t actors) {
  std::vector<std::uint32_t> successor(actors);
  for (std::uint32_t i = 0; i < actors; ++i)
    successor[i] = (i + 1) % actors;
  return successor;
}

/// A seeded permutation: each delivery lands on an actor far from the last one.
std::vector<std::uint32_t> scattered(std::uint32_t actors, std::uint64_t seed) {
  std::vector<std::uint32_t> successor(actors);
  for (std::uint32_t i = 0; i < actors; ++i)
    successor[i] = i;
  sim::rng random{seed};
  for (std::uint32_t i = actors; i > 1; --i)
    std::swap(successor[i - 1], successor[random.below(i)]);
  return successor;
}

/// Forwards every token to its successor node until the shared budget is spent.
class ring_actor final : public runtime::node_actor {
public:
  ring_actor(caf::actor_config& cfg, runtime::world& w, sim::node_id node, sim::node_id next,
             bool starts_token, std::uint64_t* budget)
    : runtime::node_actor(cfg, w, node), next_(next), starts_token_(starts_token),
      budget_(budget) {}

  caf::behavior make_behavior() override {
    if (starts_token_ && *budget_ > 0) {
      --*budget_;
      send(world_ref().lookup(next_), std::uint64_t{node()});
    }
    return {[this](std::uint64_t token) {
      if (*budget_ == 0)
        return;
      --*budget_;
      send(world_ref().lookup(next_), token);
    }};
  }

private:
  sim::node_id next_;
  bool starts_token_;
  std::uint64_t* budget_;
};

/// The first `starting` nodes each start one token.
void build_ring(engines::deterministic_engine& engine, const std::vector<std::uint32_t>& successor,
                std::uint32_t starting, std::uint64_t* budget) {
  auto actors = static_cast<std::uint32_t>(successor.size());
  for (std::uint32_t i = 0; i < actors; ++i)
    engine.add_node("ring-" + std::to_string(i),
                    [budget, i, next = successor[i], starts = i < starting](runtime::world& w,
                                                                            sim::node_id id) {
                      return w.system().spawn<ring_actor>(std::ref(w), id, next, starts, budget);
                    });
  for (std::uint32_t i = 0; i < actors; ++i)
    engine.start_node(i);
}

} // namespace

ring_result run_engine_ring(std::uint32_t actors, std::uint64_t messages,
                            std::optional<sim::trace_level> level, std::uint64_t seed) {
  engines::engine_options options;
  options.seed = seed;
  options.level = level.value_or(sim::trace_level::events);
  options.length = std::chrono::hours(1);
  engines::deterministic_engine engine{options, [](caf::actor_system_config&) {}};
  engine.network().set_default_link({sim::duration{0}, sim::duration{0}});
  std::uint64_t budget = messages;
  build_ring(engine, next_in_ring(actors), tokens, &budget);
  std::unique_ptr<replays::trace_writer> writer;
  auto path = "/tmp/detsim-bench-ring-" + std::to_string(getpid()) + ".zst";
  if (level) {
    replays::trace_header header;
    header.scenario = "bench-ring";
    header.level = *level;
    writer = std::make_unique<replays::trace_writer>(path, header);
    engine.add_sink(writer.get());
  }
  auto start = std::chrono::steady_clock::now();
  auto stats = engine.run();
  ring_result result{stats.deliveries, seconds_since(start)};
  if (writer) {
    writer->close();
    std::remove(path.c_str());
  }
  return result;
}

namespace {

/// Plain CAF actors on CAF's test_coordinator, no interception: actor i forwards every
/// token to successor[i] until the shared budget is spent.
class plain_ring {
public:
  plain_ring(const std::vector<std::uint32_t>& successor, std::uint64_t messages)
    : budget_(messages), ring_(successor.size()), successor_(successor) {
    cfg_.set("scheduler.policy", caf::atom("testing"));
    system_ = std::make_unique<caf::actor_system>(cfg_);
    system_->await_actors_before_shutdown(false);
    for (std::uint32_t i = 0; i < ring_.size(); ++i)
      ring_[i] = system_->spawn([this, i](caf::event_based_actor* self) {
        return caf::behavior{[this, self, i](std::uint64_t token) {
          ++deliveries_;
          if (budget_ == 0)
            return;
          --budget_;
          self->send(ring_[successor_[i]], token);
        }};
      });
    scheduler().run(); // start the actors
  }

  ~plain_ring() {
    for (auto& a : ring_)
      caf::anon_send_exit(a, caf::exit_reason::kill);
    scheduler().run();
  }

  caf::scheduler::test_coordinator& scheduler() {
    return dynamic_cast<caf::scheduler::test_coordinator&>(system_->scheduler());
  }

  /// Hands token t to actor (t + 1) % size for each t below `count`; counting starts here.
  void inject(std::uint32_t count) {
    deliveries_ = 0;
    for (std::uint32_t t = 0; t < count && budget_ > 0; ++t) {
      --budget_;
      caf::anon_send(ring_[(t + 1) % ring_.size()], std::uint64_t{t});
    }
  }

  std::uint64_t deliveries() const { return deliveries_; }

private:
  caf::actor_system_config cfg_;
  std::unique_ptr<caf::actor_system> system_;
  std::uint64_t budget_;
  std::uint64_t deliveries_ = 0;
  std::vector<caf::actor> ring_;
  std::vector<std::uint32_t> successor_;
};

} // namespace

ring_result run_reference_ring(std::uint32_t actors, std::uint64_t messages, std::uint64_t seed) {
  plain_ring ring{next_in_ring(actors), messages};
  auto& sched = ring.scheduler();
  sim::rng random{seed};
  ring.inject(tokens);
  auto start = std::chrono::steady_clock::now();
  while (!sched.jobs.empty()) {
    auto pick = random.below(sched.jobs.size());
    std::swap(sched.jobs[0], sched.jobs[pick]);
    sched.run_once();
  }
  return {ring.deliveries(), seconds_since(start)};
}

ring_result run_scattered_reference(std::uint32_t actors, std::uint64_t messages,
                                    std::uint64_t seed) {
  plain_ring ring{scattered(actors, seed), messages};
  ring.inject(actors);
  auto start = std::chrono::steady_clock::now();
  ring.scheduler().run(); // CAF's own order: first ready, first run
  return {ring.deliveries(), seconds_since(start)};
}

ring_result run_engine_scattered(std::uint32_t actors, std::uint64_t messages,
                                 std::uint64_t seed) {
  engines::engine_options options;
  options.seed = seed;
  options.length = std::chrono::hours(1);
  // Counting starts at the first tick (every 65,536 steps) past 2 steps per actor, when
  // every actor has started: the reference's clock, too, starts after spawning.
  std::optional<std::chrono::steady_clock::time_point> start;
  std::uint64_t delivered_before = 0;
  engines::deterministic_engine* running = nullptr;
  options.on_tick = [&] {
    if (!start && running->stats_so_far().steps >= 2ull * actors) {
      start = std::chrono::steady_clock::now();
      delivered_before = running->stats_so_far().deliveries;
    }
  };
  engines::deterministic_engine engine{options, [](caf::actor_system_config&) {}};
  running = &engine;
  // The default link (100 us + exponential 50 us), the swarm's: every delivery is timed.
  std::uint64_t budget = messages;
  build_ring(engine, scattered(actors, seed), actors, &budget);
  auto stats = engine.run(); // no sink: the engine keeps the digest itself
  if (!start)
    return {};
  return {stats.deliveries - delivered_before, seconds_since(*start)};
}

std::int64_t idle_actor_memory(std::uint32_t actors) {
  engines::engine_options options;
  options.length = std::chrono::milliseconds(1);
  engines::deterministic_engine engine{options, [](caf::actor_system_config&) {}};
  std::uint64_t budget = 0;
  auto before = static_cast<std::int64_t>(runtime::resident_bytes());
  build_ring(engine, next_in_ring(actors), 0, &budget);
  engine.run();
  return static_cast<std::int64_t>(runtime::resident_bytes()) - before;
}

} // namespace bench
