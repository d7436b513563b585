// sim/parameters.cpp: parsing and strict validation of scenario parameters.
#include "detsim/sim/parameters.hpp"

#include "detsim/sim/numbers.hpp"

#include <cstdio>

namespace detsim::sim {

namespace {

[[noreturn]] void bad_value(const std::string& name, const std::string& value,
                            const char* expected) {
  throw input_error("parameter '" + name + "': '" + value + "' is not " + expected);
}

std::string format_double(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

} // namespace

parameters parameters::parse(const std::vector<std::string>& items) {
  parameters result;
  for (const auto& item : items) {
    auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
      throw input_error("--param '" + item + "': expected key=value");
    auto key = item.substr(0, eq);
    if (!result.given_.emplace(key, item.substr(eq + 1)).second)
      throw input_error("--param '" + key + "' given twice");
  }
  return result;
}

const std::string* parameters::given(const std::string& name, const std::string& fallback,
                                     const std::string& help) {
  declared_.push_back({name, fallback, help});
  defaults_[name] = fallback;
  auto i = given_.find(name);
  effective_[name] = i == given_.end() ? fallback : i->second;
  return i == given_.end() ? nullptr : &i->second;
}

std::int64_t parameters::take_int(const std::string& name, std::int64_t fallback,
                                  const std::string& help) {
  auto text = given(name, std::to_string(fallback), help);
  if (!text)
    return fallback;
  auto value = parse_integer(*text);
  if (!value)
    bad_value(name, *text, "an integer (64-bit)");
  effective_[name] = std::to_string(*value);
  return *value;
}

double parameters::take_double(const std::string& name, double fallback,
                               const std::string& help) {
  auto text = given(name, format_double(fallback), help);
  if (!text)
    return fallback;
  auto value = parse_finite(*text);
  if (!value)
    bad_value(name, *text, "a finite number");
  return *value;
}

bool parameters::take_bool(const std::string& name, bool fallback, const std::string& help) {
  auto text = given(name, fallback ? "true" : "false", help);
  if (!text)
    return fallback;
  if (*text == "true" || *text == "1" || *text == "on")
    return effective_[name] = "true", true;
  if (*text == "false" || *text == "0" || *text == "off")
    return effective_[name] = "false", false;
  bad_value(name, *text, "true or false");
}

duration parameters::take_duration(const std::string& name, duration fallback,
                                   const std::string& help) {
  auto text = given(name, format_duration(fallback), help);
  if (!text)
    return fallback;
  auto value = parse_duration(*text);
  if (!value)
    bad_value(name, *text, "a duration (e.g. 10s, 250ms)");
  effective_[name] = format_duration(*value);
  return *value;
}

std::string parameters::take_choice(const std::string& name, const std::string& fallback,
                                   const std::vector<std::string>& choices,
                                   const std::string& help) {
  std::string listed;
  for (const auto& choice : choices)
    listed += (listed.empty() ? "" : ", ") + choice;
  auto text = given(name, fallback, help + " (" + listed + ")");
  auto value = text ? *text : fallback;
  for (const auto& choice : choices)
    if (choice == value)
      return value;
  if (!text)
    throw std::logic_error("parameter '" + name + "': default '" + fallback +
                           "' is not one of its choices");
  throw input_error("parameter '" + name + "': '" + value + "' is not one of: " + listed);
}

std::string parameters::take_string(const std::string& name, const std::string& fallback,
                                   const std::string& help) {
  auto text = given(name, fallback, help);
  return text ? *text : fallback;
}

void parameters::reject_unknown(const std::string& scenario) const {
  for (const auto& [key, value] : given_) {
    if (defaults_.count(key))
      continue;
    std::string known;
    for (const auto& [name, fallback] : defaults_)
      known += (known.empty() ? "" : ", ") + name;
    throw input_error("unknown parameter '" + key + "' for scenario " + scenario +
                      " (known: " + known + ")");
  }
}

std::map<std::string, std::string> parameters::non_default() const {
  std::map<std::string, std::string> result;
  for (const auto& [name, value] : effective_)
    if (defaults_.at(name) != value)
      result[name] = value;
  return result;
}

} // namespace detsim::sim
