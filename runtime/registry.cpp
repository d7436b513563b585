// runtime/registry.cpp: adding and finding scenarios by name.
#include "detsim/runtime/registry.hpp"

#include <stdexcept>

namespace detsim::runtime {

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

} // namespace detsim::runtime
