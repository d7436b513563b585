// sim/parameters.hpp: a scenario's named parameters. A scenario takes each parameter
// with its default; afterwards any value nobody took is an error, so typos are loud.
#pragma once

#include "detsim/sim/time.hpp"

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace detsim::sim {

/// Bad user input (parameters, fault plans, traces): the message is one line for stderr.
class input_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Throws input_error("SCENARIO: MESSAGE") unless `condition` holds (parameter checks).
inline void require_input(bool condition, const std::string& scenario, const std::string& message) {
  if (!condition)
    throw input_error(scenario + ": " + message);
}

/// One declared parameter, as `detsim list` shows it.
struct parameter_info {
  std::string name;
  std::string default_value;
  std::string help;
};

class parameters {
public:
  parameters() = default;

  /// Parses "k=v" strings; throws input_error on a malformed item or a repeated key.
  static parameters parse(const std::vector<std::string>& items);

  std::int64_t take_int(const std::string& name, std::int64_t fallback, const std::string& help);
  double take_double(const std::string& name, double fallback, const std::string& help);
  bool take_bool(const std::string& name, bool fallback, const std::string& help);
  duration take_duration(const std::string& name, duration fallback, const std::string& help);
  /// One of `choices` by name (e.g. "policy" among {"round-robin", "fastest"}); anything
  /// else is an input_error listing them. `fallback` must be one of them.
  std::string take_choice(const std::string& name, const std::string& fallback,
                          const std::vector<std::string>& choices, const std::string& help);

  /// Free text (a url, a name): checking it is the scenario's business.
  std::string take_string(const std::string& name, const std::string& fallback, const std::string& help);

  /// Throws input_error naming any given parameter that no take_* call read.
  void reject_unknown(const std::string& scenario) const;

  /// Every declared parameter with its effective value (defaults included), sorted by name.
  const std::map<std::string, std::string>& effective() const { return effective_; }

  /// Only the values the user gave that differ from the defaults (for reproduce lines).
  std::map<std::string, std::string> non_default() const;

  const std::vector<parameter_info>& declared() const { return declared_; }

private:
  const std::string* given(const std::string& name, const std::string& fallback,
                           const std::string& help);

  std::map<std::string, std::string> given_;
  std::map<std::string, std::string> effective_;
  std::map<std::string, std::string> defaults_;
  std::vector<parameter_info> declared_;
};

} // namespace detsim::sim
