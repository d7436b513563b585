// scenarios/vstack_benchmark.cpp: vstack-benchmark. The seed's benchmark suite in one run:
// 100 smart clients, 10 concurrent uploads, a node killed mid-run and restarted, and a
// pass/fail row for each of the seed's targets.
#include "scenarios/vstack_scenarios.hpp"
#include "scenarios/vstack_system.hpp"

namespace scenarios {

namespace {

class vstack_benchmark final : public vstack_system {
public:
  explicit vstack_benchmark(sim::parameters& p)
    : vstack_system(p, "vstack-benchmark", defaults()) {}

  std::vector<target> targets() const override { return seed_targets(); }

private:
  static vstack_defaults defaults() {
    vstack_defaults d;
    d.kill_node = 1;
    d.kill_at = std::chrono::seconds(60);
    d.restart_at = std::chrono::seconds(90);
    return d;
  }
};

} // namespace

scenario_info vstack_benchmark_info() {
  return {"vstack-benchmark",
          "V-Stack (seed 003): the benchmark suite, a pass/fail row per performance target",
          [](sim::parameters& p) { return std::make_unique<vstack_benchmark>(p); }};
}

} // namespace scenarios
