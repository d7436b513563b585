// bench/phold.cpp: the two PHOLD loops.
#include "phold.hpp"

#include "detsim/harness/runner.hpp"
#include "detsim/runtime/process_usage.hpp"
#include "detsim/scenarios/builtin.hpp"
#include "detsim/sim/rng.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <queue>
#include <unistd.h>
#include <vector>

using namespace detsim;

namespace bench {

double phold_detsim_rate(const phold_setup& setup, std::optional<sim::trace_level> level) {
  double total = double(setup.lps) * setup.population;
  // Each event lives lookahead + mean delay on average: run long enough for `events`.
  auto duration_ns = static_cast<long long>(double(setup.events) / total *
                                            (setup.lookahead_ms + setup.mean_delay_ms) * 1e6);
  harness::run_spec spec;
  spec.scenario = "phold";
  spec.seed = 11;
  spec.parameters = {fmt::format("lps={}", setup.lps), fmt::format("population={}", setup.population),
                     fmt::format("lookahead={}ns", static_cast<long long>(setup.lookahead_ms * 1e6)),
                     fmt::format("mean_delay={}ns", static_cast<long long>(setup.mean_delay_ms * 1e6)),
                     fmt::format("remote={}", setup.remote), fmt::format("duration={}ns", duration_ns)};
  std::string trace;
  if (level) {
    spec.level = *level;
    trace = "/tmp/detsim-bench-phold-" + std::to_string(getpid()) + ".zst";
    spec.trace_path = trace;
  }
  auto outcome = harness::execute(scenarios::builtin_registry(), spec);
  if (!trace.empty())
    std::remove(trace.c_str());
  for (const auto& m : outcome.metrics)
    if (m.name == "events_per_wall_s")
      return m.value;
  return 0;
}

double phold_heap_rate(const phold_setup& setup) {
  struct event {
    std::int64_t due = 0;
    std::uint64_t sequence = 0; ///< ties go in scheduling order, as a deterministic loop must
    std::uint32_t lp = 0;
    bool operator>(const event& other) const {
      return due != other.due ? due > other.due : sequence > other.sequence;
    }
  };
  std::priority_queue<event, std::vector<event>, std::greater<event>> queue;
  std::vector<sim::rng> streams;
  for (std::uint32_t lp = 0; lp < setup.lps; ++lp)
    streams.push_back(sim::rng::derive(11, "lp-" + std::to_string(lp)));
  auto lookahead = static_cast<std::int64_t>(setup.lookahead_ms * 1e6);
  auto mean = setup.mean_delay_ms * 1e6;
  std::uint64_t sequence = 0;
  auto schedule = [&](std::uint32_t lp, std::int64_t now) {
    auto& random = streams[lp];
    auto delay = lookahead + static_cast<std::int64_t>(random.exponential(mean));
    auto target = random.chance(setup.remote) ? static_cast<std::uint32_t>(random.below(setup.lps)) : lp;
    queue.push({now + delay, sequence++, target});
  };
  auto start = runtime::stopwatch_ns();
  for (std::uint32_t lp = 0; lp < setup.lps; ++lp)
    for (std::uint32_t i = 0; i < setup.population; ++i)
      schedule(lp, 0);
  for (std::uint64_t done = 0; done < setup.events; ++done) {
    auto next = queue.top();
    queue.pop();
    schedule(next.lp, next.due);
  }
  auto seconds = double(runtime::stopwatch_ns() - start) / 1e9;
  return double(setup.events) / seconds;
}

} // namespace bench
