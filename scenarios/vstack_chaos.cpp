// scenarios/vstack_chaos.cpp: vstack-chaos. A smaller V-Stack (30 clients, some chunks
// contested by two uploaders) meant for --chaos and campaigns: kills, restarts, loss and
// latency spikes hunting for consistency bugs. The invariants are the verdict.
#include "scenarios/vstack_scenarios.hpp"
#include "scenarios/vstack_system.hpp"

namespace scenarios {

namespace {

class vstack_chaos final : public vstack_system {
public:
  explicit vstack_chaos(sim::parameters& p) : vstack_system(p, "vstack-chaos", defaults()) {}

  std::vector<table> tables() const override { return {comparison()}; }

private:
  static vstack_defaults defaults() {
    vstack_defaults d;
    d.clients = 30;
    d.smart_share = 0.5;
    d.contested = 0.1;
    d.duration = std::chrono::seconds(120);
    return d;
  }
};

} // namespace

scenario_info vstack_chaos_info() {
  return {"vstack-chaos",
          "V-Stack (seed 003): contested uploads and playback under --chaos faults",
          [](sim::parameters& p) { return std::make_unique<vstack_chaos>(p); }};
}

} // namespace scenarios
