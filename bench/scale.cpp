// bench/scale.cpp: the swarm's memory and speed as the agent count grows.
#include "scale.hpp"

#include "ring.hpp"

#include "detsim/harness/runner.hpp"
#include "detsim/runtime/process_usage.hpp"
#include "detsim/scenarios/builtin.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <memory>

using namespace detsim;

namespace bench {

int scale_child(std::uint32_t agents, std::uint32_t threads) {
  harness::run_spec spec;
  spec.groups = threads;
  spec.group_threads = threads > 1 ? threads : 0;
  spec.scenario = "swarm";
  spec.seed = 42;
  // 100 decisions per agent-second: 100 ms is 10 decisions per agent.
  spec.parameters = {fmt::format("agents={}", agents),
                     fmt::format("resources={}", std::max(1u, agents / 100)), "duration=100ms"};
  auto outcome = harness::execute(scenarios::builtin_registry(), spec);
  double decisions = 0;
  for (const auto& m : outcome.metrics)
    if (m.name == "decisions")
      decisions = m.value;
  auto peak = runtime::peak_resident_bytes(); // before the reference adds its own actors
  double caf_alone = 0, engine_alone = 0;
  if (threads == 1) {
    // Five deliveries per actor at least, so every actor is visited a few times.
    auto messages = std::max<std::uint64_t>(3'000'000, 5ull * agents);
    caf_alone = run_scattered_reference(agents, messages, 42).per_second();
    engine_alone = run_engine_scattered(agents, messages, 42).per_second();
  }
  std::printf("peak %llu decisions %.0f deliveries %llu wall %.6f caf %.0f engine %.0f\n",
              static_cast<unsigned long long>(peak), decisions,
              static_cast<unsigned long long>(outcome.stats.deliveries),
              outcome.stats.wall_seconds, caf_alone, engine_alone);
  return 0;
}

scale_result measure_scale(const std::string& self, std::uint32_t agents, std::uint32_t threads) {
  scale_result r;
  r.agents = agents;
  auto command = fmt::format("'{}' --scale-child {} {} 2>&1", self, agents, threads);
  std::unique_ptr<FILE, int (*)(FILE*)> pipe{popen(command.c_str(), "r"), pclose};
  if (!pipe) {
    r.failure = "could not start the child";
    return r;
  }
  char line[512];
  while (std::fgets(line, sizeof(line), pipe.get())) {
    unsigned long long peak = 0, deliveries = 0;
    double decisions = 0, wall = 0, caf = 0, engine = 0;
    if (std::sscanf(line, "peak %llu decisions %lf deliveries %llu wall %lf caf %lf engine %lf",
                    &peak, &decisions, &deliveries, &wall, &caf, &engine) == 6 &&
        wall > 0) {
      r.peak_bytes = peak;
      r.decisions_per_second = decisions / wall;
      r.deliveries_per_second = static_cast<double>(deliveries) / wall;
      r.caf_alone_per_second = caf;
      r.engine_alone_per_second = engine;
      r.wall_seconds = wall;
      return r;
    }
    r.failure = line;
  }
  if (r.failure.empty())
    r.failure = "the child printed nothing";
  return r;
}

} // namespace bench
