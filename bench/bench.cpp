// bench/bench.cpp: detsim's speed and size numbers (a program, not a test):
//   ring of 1,000 actors x 1,000,000 messages at each trace level vs CAF's plain
//   test_coordinator in the same process; the default swarm at each trace level with
//   trace bytes per event, and at the events level three times, each run scaled by a
//   reference ring measured just before it, on one thread and split over one thread per
//   core (--threads N, its trace compared with the one thread's, and the cores'
//   cache-line round trip measured just before, which that run's speed follows); replay speed relative
//   to the run; the same decisions as plain CAF actors on CAF's test_coordinator with
//   nothing around them (bench/swarm_floor.hpp), as CAF runs them and with each agent warmed
//   ahead, each beside a reference ring; memory per idle actor.
//   PHOLD across total populations of 1 K to 1 M events, detsim at each trace level
//   against a plain binary-heap loop in the same process (best of interleaved rounds);
//   the swarm's memory and speed at 10 K, 100 K and 1 M agents, beside a scattered ring
//   on CAF alone and on detsim's engine, and again on one thread per core. Built with -DDETSIM_BENCH_SIMGRID=ON, the ring, swarm
//   and PHOLD also run as SimGrid s4u programs, with detsim/SimGrid ratios.
// Usage: detsim-bench [--quick | --ring | --phold | --scale | --floor [AGENTS]]  (--quick:
//        2 simulated seconds of swarm, not 10, and no 1 M agents; the others: that section
//        only, --floor the swarm's decisions on CAF alone, 10 K agents unless given)
#include "core_latency.hpp"
#include "phold.hpp"
#include "ring.hpp"
#include "scale.hpp"
#include "simgrid_side.hpp"
#include "swarm_floor.hpp"
#include "detsim/harness/replay_runner.hpp"
#include "detsim/harness/runner.hpp"
#include "detsim/scenarios/builtin.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>
#include <unistd.h>

using namespace detsim;

namespace {

struct swarm_numbers {
  double wall = 0;
  std::uint64_t deliveries = 0;
  std::uint64_t events = 0;
  std::uint64_t bytes = 0;
  std::uint64_t decisions = 0;
};

swarm_numbers run_swarm(sim::trace_level level, const std::string& duration,
                        const std::string& trace, std::uint32_t threads = 1) {
  harness::run_spec spec;
  spec.scenario = "swarm";
  spec.seed = 42;
  spec.groups = threads;
  spec.group_threads = threads > 1 ? threads : 0;
  spec.parameters = {"duration=" + duration};
  spec.level = level;
  spec.trace_path = trace;
  auto outcome = harness::execute(scenarios::builtin_registry(), spec);
  swarm_numbers n{outcome.stats.wall_seconds, outcome.stats.deliveries, outcome.stats.events,
                  outcome.trace_bytes, 0};
  for (auto& m : outcome.metrics)
    if (m.name == "decisions")
      n.decisions = static_cast<std::uint64_t>(m.value);
  return n;
}

/// The threads of the split runs: one per core, two at least (a split run on one thread
/// shows nothing).
std::uint32_t bench_threads() {
  return std::max(2u, std::min(8u, std::thread::hardware_concurrency()));
}

bool same_file(const std::string& a, const std::string& b) {
  std::ifstream x{a, std::ios::binary}, y{b, std::ios::binary};
  std::istreambuf_iterator<char> end;
  return x && y && std::equal(std::istreambuf_iterator<char>{x}, end,
                              std::istreambuf_iterator<char>{y}, end);
}

// The reference ring every wall time is read against: CAF's test_coordinator, seeded pick.
constexpr std::uint32_t reference_actors = 1000;
constexpr std::uint64_t reference_messages = 1'000'000;

double reference_speed() {
  return bench::run_reference_ring(reference_actors, reference_messages, 7).per_second();
}

void ring_section() {
  const std::uint32_t actors = reference_actors; // detsim runs the reference's very ring
  const std::uint64_t messages = reference_messages;
  const int rounds = 5;
  fmt::print("ring: {} actors, {} messages, 100 tokens, zero-latency links, seeded pick; "
             "best of {} interleaved rounds\n",
             actors, messages, rounds);
  struct variant {
    const char* name;
    std::optional<sim::trace_level> level;
    double best = 0;
  };
  std::vector<variant> variants{{"detsim, no trace file", std::nullopt},
                                {"detsim, --trace-level schedule", sim::trace_level::schedule},
                                {"detsim, --trace-level events", sim::trace_level::events},
                                {"detsim, --trace-level payloads", sim::trace_level::payloads}};
  double reference = 0;
  // Interleaving keeps a slow phase of a shared machine from favouring one side.
  for (int round = 0; round < rounds; ++round) {
    reference = std::max(reference, reference_speed());
    for (auto& v : variants)
      v.best = std::max(v.best, bench::run_engine_ring(actors, messages, v.level, 7).per_second());
  }
  fmt::print("  {:<34} {:>12.0f} deliveries/s\n", "CAF test_coordinator (reference)", reference);
  for (auto& v : variants)
    fmt::print("  {:<34} {:>12.0f} deliveries/s  {:.2f}x reference\n", v.name, v.best,
               v.best / reference);
  if (!bench::simgrid_built())
    return;
  auto simgrid = bench::run_simgrid(fmt::format("ring {} {}", actors, messages), 120);
  if (!simgrid.failure.empty())
    return fmt::print("  {:<34} {}\n", "SimGrid s4u", simgrid.failure);
  fmt::print("  {:<34} {:>12.0f} deliveries/s  detsim (events) {:.1f}x SimGrid\n", "SimGrid s4u",
             simgrid.per_second, variants[2].best / simgrid.per_second);
}

void realtime_ring_section() {
  const std::uint32_t actors = 1000;
  const std::uint64_t messages = 1'000'000;
  const int rounds = 5;
  const std::size_t threads = 2;
  fmt::print("realtime ring: {} actors, {} messages, 100 tokens, {} threads; best of {} interleaved rounds\n",
             actors, messages, threads, rounds);
  double stealing = 0, parallel = 0, serialized = 0;
  for (int round = 0; round < rounds; ++round) {
    stealing = std::max(stealing, bench::run_stealing_ring(actors, messages, threads).per_second());
    parallel = std::max(parallel, bench::run_realtime_ring(actors, messages, threads, false).per_second());
    serialized = std::max(serialized, bench::run_realtime_ring(actors, messages, threads, true).per_second());
  }
  fmt::print("  {:<34} {:>12.0f} deliveries/s\n", "CAF work-stealing (reference)", stealing);
  fmt::print("  {:<34} {:>12.0f} deliveries/s  {:.2f}x reference\n", "detsim realtime, parallel actors",
             parallel, parallel / stealing);
  fmt::print("  {:<34} {:>12.0f} deliveries/s  {:.2f}x reference\n", "detsim realtime, one at a time",
             serialized, serialized / stealing);
}

void swarm_floor_heading() {
  fmt::print("  the same decisions on CAF alone: plain actors on CAF's test_coordinator, ticks sent "
             "in the agents' seeded phase order, the agent's and the resource's lease logic, "
             "CAF's request/response and then() handlers, one message per resume; no clock, "
             "request timeouts, network, trace, store or checker. As CAF runs them, and with "
             "each ticked agent's memory warmed 4 ticks ahead (as detsim's clock warms "
             "actors): what CAF 0.17.6's own path costs an engine that adds nothing\n");
}

/// The swarm's decisions on CAF alone (bench/swarm_floor.hpp) at `agents` agents and one
/// resource per 100, a few rounds beside a reference ring, cold and warmed. `swarm` is the
/// one-thread swarm's normalized median from the same run, 0 when not run.
void swarm_floor_lines(std::uint32_t agents, double swarm) {
  const int rounds = agents <= 100'000 ? 5 : 1; // short runs swing with the machine: more
  const std::uint32_t periods = std::max(10u, 2'000'000 / agents); // 2 M decisions at least
  const std::uint32_t resources = std::max(1u, agents / 100);
  const double decisions_goal = 1e7;
  std::vector<double> cold, warm;
  double deliveries_per_decision = 0;
  auto normalized = [&](const bench::floor_result& r, double reference) {
    return r.seconds * reference / 5.0e6 * decisions_goal / r.decisions;
  };
  for (int round = 0; round < rounds; ++round) {
    double reference = 0;
    for (int i = 0; i < 3; ++i)
      reference = std::max(reference, reference_speed());
    auto as_is = bench::run_swarm_floor(agents, resources, periods, 42, false);
    auto warmed = bench::run_swarm_floor(agents, resources, periods, 42, true);
    cold.push_back(normalized(as_is, reference));
    warm.push_back(normalized(warmed, reference));
    deliveries_per_decision = static_cast<double>(as_is.deliveries) / as_is.decisions;
    fmt::print("  on CAF alone, {} agents, round {}: beside a reference ring of {:.2f} M/s, {} "
               "decisions: {:.2f} s wall, {:.0f} decisions/s ({:.2f} s per 10 M at 5.0 M/s); "
               "warmed {:.2f} s wall, {:.0f} decisions/s ({:.2f} s)\n",
               agents, round + 1, reference / 1e6, as_is.decisions, as_is.seconds,
               as_is.decisions / as_is.seconds, cold.back(), warmed.seconds,
               warmed.decisions / warmed.seconds, warm.back());
  }
  auto median = [](std::vector<double>& v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  auto cold_median = median(cold), warm_median = median(warm);
  fmt::print("  on CAF alone, {} agents, at a 5.0 M/s reference, per 10 M decisions ({:.2f} "
             "deliveries each): median {:.2f} s ({:.2f}-{:.2f} s), warmed {:.2f} s "
             "({:.2f}-{:.2f} s)",
             agents, deliveries_per_decision, cold_median, cold.front(), cold.back(),
             warm_median, warm.front(), warm.back());
  if (swarm > 0)
    fmt::print("; detsim's one-thread median above {:.2f}x and {:.2f}x of them", swarm / cold_median,
               swarm / warm_median);
  fmt::print("\n");
}

void swarm_section(const std::string& duration) {
  fmt::print("swarm: default parameters, duration={}, seed 42\n", duration);
  auto trace = "/tmp/detsim-bench-swarm-" + std::to_string(getpid()) + ".zst";
  swarm_numbers events_run;
  for (auto level : {sim::trace_level::schedule, sim::trace_level::events,
                     sim::trace_level::payloads}) {
    auto n = run_swarm(level, duration, trace);
    if (level == sim::trace_level::events)
      events_run = n;
    else
      std::remove(trace.c_str());
    fmt::print("  {:<10} {:>8.2f} s wall  {:>10.0f} deliveries/s  {:>10.0f} decisions/s  "
               "{:.2f} B/event\n",
               sim::to_string(level), n.wall, n.deliveries / n.wall, n.decisions / n.wall,
               static_cast<double>(n.bytes) / n.events);
  }
  // The goal's figure: the events level next to the reference ring, a few times over (this
  // machine drifts by tens of percent within minutes, and a neighbour's use of the shared
  // L3 slows the swarm more than the cache-resident ring). Each run is scaled by the
  // reference measured just before it; the best run is also scaled by the best reference,
  // as the ring section compares bests. Each round also runs the same swarm split into one
  // group per core, run at once (--threads N), whose trace must equal the single thread's.
  // The last single-thread run's trace serves the replay comparison.
  const int rounds = 3;
  const double goal_reference = 5.0e6;
  const auto threads = bench_threads();
  const auto threaded_trace = trace + ".threads";
  struct figures {
    std::vector<double> normalized;
    double best_wall = 0;
  } one, many;
  double best_reference = 0;
  bool traces_equal = true;
  auto note = [&](figures& f, double wall, double reference) {
    f.normalized.push_back(wall * reference / goal_reference);
    f.best_wall = f.best_wall == 0 ? wall : std::min(f.best_wall, wall);
  };
  for (int round = 0; round < rounds; ++round) {
    double reference = 0;
    for (int i = 0; i < 3; ++i)
      reference = std::max(reference, reference_speed());
    best_reference = std::max(best_reference, reference);
    events_run = run_swarm(sim::trace_level::events, duration, trace);
    auto round_trip = bench::core_round_trip_text();
    auto threaded = run_swarm(sim::trace_level::events, duration, threaded_trace, threads);
    traces_equal = traces_equal && same_file(trace, threaded_trace);
    note(one, events_run.wall, reference);
    note(many, threaded.wall, reference);
    fmt::print("  events, round {}: beside a reference ring of {:.2f} M/s: one thread {:.2f} s "
               "wall ({:.2f} s at 5.0 M/s), {} threads {:.2f} s wall ({:.2f} s at 5.0 M/s, "
               "{:.2f}x one thread; cores' cache-line round trip {})\n",
               round + 1, reference / 1e6, events_run.wall, one.normalized.back(), threads,
               threaded.wall, many.normalized.back(), events_run.wall / threaded.wall, round_trip);
  }
  auto summary = [&](const char* name, figures& f) {
    std::sort(f.normalized.begin(), f.normalized.end());
    fmt::print("  events at a 5.0 M/s reference, {}: median of rounds {:.2f} s ({:.2f}-{:.2f} s); "
               "best run {:.2f} s at the best reference {:.2f} M/s: {:.2f} s\n",
               name, f.normalized[f.normalized.size() / 2], f.normalized.front(),
               f.normalized.back(), f.best_wall, best_reference / 1e6,
               f.best_wall * best_reference / goal_reference);
  };
  summary("one thread", one);
  summary(fmt::format("{} threads", threads).c_str(), many);
  fmt::print("  trace files of {} threads {} the one thread's\n", threads,
             traces_equal ? "byte-identical to" : "DIFFER from");
  std::remove(threaded_trace.c_str());
  auto replay = harness::replay_trace(scenarios::builtin_registry(), trace);
  fmt::print("  replay (events): {:.2f} s wall, {} events {}, speed {:.2f}x the run\n",
             replay.outcome.stats.wall_seconds, replay.compared,
             replay.divergence ? "DIVERGED" : "identical",
             events_run.wall / replay.outcome.stats.wall_seconds);
  std::remove(trace.c_str());
  swarm_floor_heading();
  swarm_floor_lines(10'000, one.normalized[one.normalized.size() / 2]);
  if (!bench::simgrid_built())
    return;
  // SimGrid runs a tenth of the simulated time: rates compare, totals would not.
  auto simgrid = bench::run_simgrid("swarm 10000 100 1", 300);
  if (!simgrid.failure.empty())
    return fmt::print("  SimGrid s4u: {}\n", simgrid.failure);
  fmt::print("  SimGrid s4u, 1 s simulated: {:.0f} decisions/s; detsim (events) {:.1f}x SimGrid\n",
             simgrid.per_second, events_run.decisions / events_run.wall / simgrid.per_second);
}

void phold_section() {
  fmt::print("PHOLD: 1,000 LPs, remote 0.25, lookahead 0.1, mean delay 1.0 (ms), ~2 M events "
             "each; events per wall second, best of 3 interleaved rounds\n");
  fmt::print("  {:>10} {:>12} {:>12} {:>12} {:>14}   {}\n", "population", "no trace", "schedule",
             "events", "binary heap", "heap / detsim (no trace, events)");
  std::vector<std::string> simgrid_lines;
  // Interleaved rounds, best of each: a slow phase of the machine hits every column alike.
  const int rounds = 3;
  for (std::uint32_t population : {1u, 10u, 100u, 1000u}) {
    bench::phold_setup setup;
    setup.population = population;
    setup.events = std::max<std::uint64_t>(2'000'000, 2ull * setup.lps * population);
    double none = 0, schedule = 0, events = 0, heap = 0;
    for (int round = 0; round < rounds; ++round) {
      none = std::max(none, bench::phold_detsim_rate(setup, std::nullopt));
      schedule = std::max(schedule, bench::phold_detsim_rate(setup, sim::trace_level::schedule));
      events = std::max(events, bench::phold_detsim_rate(setup, sim::trace_level::events));
      heap = std::max(heap, bench::phold_heap_rate(setup));
    }
    fmt::print("  {:>10} {:>12.0f} {:>12.0f} {:>12.0f} {:>14.0f}   {:.1f}x, {:.1f}x\n",
               setup.lps * population, none, schedule, events, heap, heap / none, heap / events);
    if (!bench::simgrid_built())
      continue;
    // SimGrid's network solver slows with the events in flight: 200 K events at most,
    // within a 20 s budget once running, and a bound on the whole program.
    auto simgrid = bench::run_simgrid(
      fmt::format("phold {} {} {} {} {} 200000 20", setup.lps, population, setup.lookahead_ms / 1e3,
                  setup.mean_delay_ms / 1e3, setup.remote),
      90);
    simgrid_lines.push_back(
      simgrid.failure.empty()
        ? fmt::format("  {:>10} {:>12.0f} events/s   detsim (events) {:.1f}x SimGrid",
                      setup.lps * population, simgrid.per_second, events / simgrid.per_second)
        : fmt::format("  {:>10} {}", setup.lps * population, simgrid.failure));
  }
  if (simgrid_lines.empty())
    return;
  fmt::print("PHOLD on SimGrid s4u (one actor per LP; an event is a message whose size sets its delay)\n");
  for (const auto& line : simgrid_lines)
    fmt::print("{}\n", line);
}

/// This program's own file, for running it as a child.
std::string own_path() {
  char path[4096];
  auto n = readlink("/proc/self/exe", path, sizeof(path) - 1);
  return n > 0 ? std::string(path, static_cast<std::size_t>(n)) : std::string("detsim-bench");
}

void scale_section(bool quick) {
  const auto self = own_path(); // the child is this very program
  fmt::print("swarm scale: 100 ms simulated (10 decisions per agent), one resource per 100 agents; "
             "each size in its own process\n");
  fmt::print("  (scattered ring: as many actors, each forwarding one token to a seeded random "
             "successor; on CAF alone: plain actors on CAF's test_coordinator, first ready first "
             "run; on detsim: node actors over the swarm's links, 100 us + exponential 50 us, "
             "seeded pick, digest only)\n");
  const auto threads = bench_threads();
  for (std::uint32_t agents : {10'000u, 100'000u, 1'000'000u}) {
    if (quick && agents > 100'000)
      break;
    auto r = bench::measure_scale(self, agents);
    if (!r.failure.empty()) {
      fmt::print("  {:>9} agents: {}\n", agents, r.failure);
      continue;
    }
    fmt::print("  {:>9} agents: peak {:>7.1f} MiB, {:>5.0f} bytes per agent, {:>8.0f} decisions/s "
               "({:.1f} s)\n",
               agents, r.peak_bytes / 1048576.0, double(r.peak_bytes) / agents,
               r.decisions_per_second, r.wall_seconds);
    fmt::print("  {:>9}  deliveries/s: swarm {:>8.0f}, scattered ring on CAF alone {:>8.0f}, on "
               "detsim {:>8.0f} ({:.2f}x CAF alone)\n",
               "", r.deliveries_per_second, r.caf_alone_per_second, r.engine_alone_per_second,
               r.engine_alone_per_second / r.caf_alone_per_second);
    auto round_trip = bench::core_round_trip_text();
    auto split = bench::measure_scale(self, agents, threads);
    if (!split.failure.empty()) {
      fmt::print("  {:>9}  on {} threads: {}\n", "", threads, split.failure);
      continue;
    }
    fmt::print("  {:>9}  on {} threads (--threads {}): peak {:>7.1f} MiB, {:>8.0f} decisions/s "
               "({:.1f} s), {:.2f}x one thread (cores' round trip {})\n",
               "", threads, threads, split.peak_bytes / 1048576.0, split.decisions_per_second,
               split.wall_seconds, r.wall_seconds / split.wall_seconds, round_trip);
  }
}

/// A whole decimal count of 1 to `most`, or 0 for anything else.
unsigned long count(const char* text, unsigned long most) {
  char* end = nullptr;
  auto n = std::strtoul(text, &end, 10);
  return end == text || *end != '\0' || text[0] == '-' || n == 0 || n > most ? 0ul : n;
}

} // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "--scale-child" && argc == 4) {
    // The child of --scale: a count and threads, then a line of numbers the parent parses.
    auto agents = count(argv[2], 10'000'000);
    auto threads = count(argv[3], 64);
    if (agents == 0 || threads == 0) {
      std::fprintf(stderr, "detsim-bench: --scale-child needs an agent count of 1 to 10000000 "
                           "and threads of 1 to 64\n");
      return 2;
    }
    try {
      return bench::scale_child(static_cast<std::uint32_t>(agents),
                                static_cast<std::uint32_t>(threads));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "detsim-bench: %s\n", e.what());
      return 1;
    }
  }
  if (mode == "--floor" && argc <= 3) {
    auto agents = argc == 3 ? count(argv[2], 10'000'000) : 10'000;
    if (agents == 0) {
      std::fprintf(stderr, "detsim-bench: --floor takes an agent count of 1 to 10000000, not "
                           "'%s'\n", argv[2]);
      return 2;
    }
    fmt::print("swarm: seed 42, one resource per 100 agents\n");
    swarm_floor_heading();
    swarm_floor_lines(static_cast<std::uint32_t>(agents), 0);
    return 0;
  }
  if (argc == 2 && (mode == "--help" || mode == "-h")) {
    std::printf("usage: detsim-bench [--quick | --ring | --phold | --scale | --floor [AGENTS]]\n"
                "  (none)   every section: ring, realtime ring, swarm, PHOLD, scale, idle memory\n"
                "  --quick  the same with a 2 s swarm and no 1 M agents\n"
                "  --ring   the two rings only\n"
                "  --phold, --scale   that section only\n"
                "  --floor  the swarm's decisions on CAF alone beside the reference ring, at\n"
                "           AGENTS agents (10000 when not given)\n");
    return 0;
  }
  if (argc > 2 || (argc == 2 && mode != "--quick" && mode != "--ring" && mode != "--phold" &&
                   mode != "--scale")) {
    std::fprintf(stderr,
                 "usage: detsim-bench [--quick | --ring | --phold | --scale | --floor [AGENTS]]\n");
    return 2;
  }
  if (mode == "--scale") {
    scale_section(false);
    return 0;
  }
  if (mode == "--phold") {
    phold_section();
    return 0;
  }
  ring_section();
  realtime_ring_section();
  if (mode == "--ring")
    return 0;
  const bool quick = mode == "--quick";
  swarm_section(quick ? "2s" : "10s");
  phold_section();
  scale_section(quick);
  const std::uint32_t idle = 100'000;
  auto bytes = bench::idle_actor_memory(idle);
  fmt::print("memory: {} idle actors add {:.1f} MiB resident, {:.0f} bytes per actor\n", idle,
             bytes / 1048576.0, static_cast<double>(bytes) / idle);
  return 0;
}
