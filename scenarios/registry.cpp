// scenarios/registry.cpp: the registry and the explicit list of built-in scenarios.
#include "scenarios/scenario.hpp"

#include "scenarios/swarm.hpp"
#include "scenarios/vstack_paxos.hpp"
#include "scenarios/vstack_scenarios.hpp"

#include <stdexcept>

namespace scenarios {

void registry::add(scenario_info info) {
  if (find(info.name))
    throw std::logic_error("scenario '" + info.name + "' registered twice");
  scenarios_.push_back(std::move(info));
}

const scenario_info* registry::find(const std::string& name) const {
  for (auto& info : scenarios_)
    if (info.name == name)
      return &info;
  return nullptr;
}

std::string registry::names() const {
  std::string text;
  for (auto& info : scenarios_)
    text += (text.empty() ? "" : ", ") + info.name;
  return text;
}

registry builtin_registry() {
  registry r;
  r.add(swarm_scenario::info());
  r.add(vstack_paxos::info());
  r.add(vstack_compare_info());
  r.add(vstack_failover_info());
  r.add(vstack_network_info());
  r.add(vstack_chaos_info());
  r.add(vstack_benchmark_info());
  return r;
}

} // namespace scenarios
