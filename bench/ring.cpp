// bench/ring.cpp: ring benchmarks and the idle-actor memory probe.
#include "ring.hpp"

#include "detsim/engines/deterministic_engine.hpp"
#include "detsim/replays/trace_writer.hpp"
#include "detsim/runtime/process_usage.hpp"
#include "detsim/sim/rng.hpp"

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include <chrono>
#include <string>
#include <unistd.h>

using namespace detsim;

namespace bench {

namespace {

constexpr std::uint32_t tokens = 100; // concurrent tokens, so the scheduler has choices

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Forwards every token to the next node until the shared budget is spent.
class ring_actor final : public runtime::node_actor {
public:
  ring_actor(caf::actor_config& cfg, runtime::world& w, sim::node_id node, sim::node_id next,
             std::uint64_t* budget)
    : runtime::node_actor(cfg, w, node), next_(next), budget_(budget) {}

  caf::behavior make_behavior() override {
    if (node() < tokens && *budget_ > 0) { // the first nodes each start one token
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
  std::uint64_t* budget_;
};

/// Collects nothing; stands in for a sink that only computes the digest.
class null_sink final : public sim::event_sink {
  void on_event(const sim::trace_event&) override {}
  void on_name(bool, std::uint32_t, const std::string&) override {}
};

void build_ring(engines::deterministic_engine& engine, std::uint32_t actors,
                std::uint64_t* budget) {
  for (std::uint32_t i = 0; i < actors; ++i)
    engine.add_node("ring-" + std::to_string(i),
                    [budget, i, actors](runtime::world& w, sim::node_id id) {
                      return w.system().spawn<ring_actor>(std::ref(w), id, (i + 1) % actors,
                                                          budget);
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
  build_ring(engine, actors, &budget);
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

ring_result run_reference_ring(std::uint32_t actors, std::uint64_t messages, std::uint64_t seed) {
  caf::actor_system_config cfg;
  cfg.set("scheduler.policy", caf::atom("testing"));
  caf::actor_system sys{cfg};
  sys.await_actors_before_shutdown(false);
  auto& sched = dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());
  std::uint64_t budget = messages;
  std::uint64_t deliveries = 0;
  std::vector<caf::actor> ring(actors);
  std::vector<std::uint32_t> next(actors);
  // Spawn back to front so every actor knows its successor.
  for (std::uint32_t i = actors; i-- > 0;) {
    auto successor = i + 1 == actors ? caf::actor{} : ring[i + 1];
    ring[i] = sys.spawn([&budget, &deliveries, &ring, i, actors](caf::event_based_actor* self) {
      return caf::behavior{[self, &budget, &deliveries, &ring, i, actors](std::uint64_t token) {
        ++deliveries;
        if (budget == 0)
          return;
        --budget;
        self->send(ring[(i + 1) % actors], token);
      }};
    });
  }
  sched.run(); // start the actors
  deliveries = 0;
  sim::rng random{seed};
  auto start = std::chrono::steady_clock::now();
  for (std::uint32_t t = 0; t < tokens; ++t) {
    --budget;
    caf::anon_send(ring[(t + 1) % actors], std::uint64_t{t});
  }
  while (!sched.jobs.empty()) {
    auto pick = random.below(sched.jobs.size());
    std::swap(sched.jobs[0], sched.jobs[pick]);
    sched.run_once();
  }
  ring_result result{deliveries, seconds_since(start)};
  for (auto& a : ring)
    caf::anon_send_exit(a, caf::exit_reason::kill);
  sched.run();
  return result;
}

std::int64_t idle_actor_memory(std::uint32_t actors) {
  engines::engine_options options;
  options.length = std::chrono::milliseconds(1);
  engines::deterministic_engine engine{options, [](caf::actor_system_config&) {}};
  std::uint64_t budget = 0;
  auto before = static_cast<std::int64_t>(runtime::resident_bytes());
  build_ring(engine, actors, &budget);
  engine.run();
  return static_cast<std::int64_t>(runtime::resident_bytes()) - before;
}

} // namespace bench
