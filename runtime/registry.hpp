// runtime/registry.hpp: the explicit list of scenarios a program offers, by name.
#pragma once

#include "detsim/runtime/scenario.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace detsim::runtime {

using scenario_factory = std::function<std::unique_ptr<scenario>(sim::parameters&)>;

struct scenario_info {
  std::string name;
  std::string help;
  scenario_factory make;
};

/// An explicit list of scenarios; a user's program builds its own and adds to it.
class registry {
public:
  void add(scenario_info info);
  const scenario_info* find(const std::string& name) const;
  const std::vector<scenario_info>& all() const { return scenarios_; }
  std::string names() const;

private:
  std::vector<scenario_info> scenarios_;
};

} // namespace detsim::runtime
