// scenarios/vstack_compare.cpp: vstack-compare. Half the clients schedule smartly, half
// round-robin, side by side on the same nodes, one of which is degraded (slow_node: far
// away and with a slower disk and NIC): the
// seed's smart-vs-naive demo, with the smart client's relative improvement.
#include "scenarios/vstack_scenarios.hpp"
#include "scenarios/vstack_system.hpp"

namespace scenarios {

namespace {

class vstack_compare final : public vstack_system {
public:
  explicit vstack_compare(sim::parameters& p)
    : vstack_system(p, "vstack-compare", defaults()) {}

  std::vector<table> tables() const override { return {comparison()}; }

private:
  static vstack_defaults defaults() {
    vstack_defaults d;
    d.smart_share = 0.5;
    d.slow_node = 2;
    d.slow_factor = 8;
    d.slow_latency = std::chrono::milliseconds(100);
    return d;
  }
};

} // namespace

scenario_info vstack_compare_info() {
  return {"vstack-compare",
          "V-Stack (seed 003): smart vs naive clients side by side, one node degraded",
          [](sim::parameters& p) { return std::make_unique<vstack_compare>(p); }};
}

} // namespace scenarios
