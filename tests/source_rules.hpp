// tests/source_rules.hpp: the rules detsim's own sources keep, as functions the rule tests
// apply to the tree and to planted bad lines (so each rule is shown to fail).
#pragma once

#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace rules {

/// Folders (and systems below actors/ and scenarios/) each layer may include from.
/// Data walks one way: sim <- runtime <- engines, actors <- scenarios <- harness <-
/// campaigns, reports <- cli; replays sees sim only.
inline const std::map<std::string, std::set<std::string>>& allowed_includes() {
  static const std::map<std::string, std::set<std::string>> allowed{
    {"sim", {"sim"}},
    {"runtime", {"runtime", "sim"}},
    {"engines", {"engines", "runtime", "sim"}},
    {"replays", {"replays", "sim"}},
    {"actors/swarm", {"actors/swarm", "runtime", "sim"}},
    {"actors/paxos", {"actors/paxos", "runtime", "sim"}},
    {"actors/vstack", {"actors/vstack", "actors/paxos", "runtime", "sim"}},
    {"actors/ingest", {"actors/ingest", "runtime", "sim"}},
    {"actors/exchange", {"actors/exchange", "runtime", "sim"}},
    {"actors/inference", {"actors/inference", "runtime", "sim"}},
    {"actors/helios", {"actors/helios", "runtime", "sim"}},
    {"actors/phold", {"actors/phold", "runtime", "sim"}},
    {"scenarios/swarm", {"scenarios/swarm", "actors/swarm", "runtime", "sim"}},
    {"scenarios/vstack", {"scenarios/vstack", "actors/vstack", "actors/paxos", "runtime", "sim"}},
    {"scenarios/ingest", {"scenarios/ingest", "actors/ingest", "runtime", "sim"}},
    {"scenarios/exchange", {"scenarios/exchange", "actors/exchange", "runtime", "sim"}},
    {"scenarios/inference", {"scenarios/inference", "actors/inference", "runtime", "sim"}},
    {"scenarios/helios", {"scenarios/helios", "actors/helios", "runtime", "sim"}},
    {"scenarios/phold", {"scenarios/phold", "actors/phold", "runtime", "sim"}},
    {"scenarios", {"scenarios", "scenarios/swarm", "scenarios/vstack", "scenarios/ingest",
                   "scenarios/exchange", "scenarios/inference", "scenarios/helios", "scenarios/phold", "runtime", "sim"}},
    {"harness", {"harness", "engines", "replays", "runtime", "sim"}},
    {"campaigns", {"campaigns", "harness", "replays", "runtime", "sim"}},
    {"reports", {"reports", "campaigns", "harness", "replays", "runtime", "sim"}},
    {"live", {"live", "sim"}},
    {"cli", {"cli", "live", "reports", "campaigns", "harness", "replays", "runtime", "sim"}},
  };
  return allowed;
}

/// The layer of a path relative to the source root ("actors/vstack/client.hpp" ->
/// "actors/vstack"); empty for files outside the layers (tests, bench, examples).
inline std::string layer_of(const std::string& path) {
  auto first = path.find('/');
  if (first == std::string::npos)
    return {};
  auto top = path.substr(0, first);
  if (top == "actors" || top == "scenarios") {
    auto second = path.find('/', first + 1);
    if (second != std::string::npos)
      return path.substr(0, second);
  }
  return allowed_includes().count(top) ? top : std::string{};
}

/// The detsim header a line includes ("sim/rng.hpp"), or empty.
inline std::string included_header(const std::string& line) {
  static const std::regex include{R"(^\s*#\s*include\s*[<"]detsim/([^">]+)[">])"};
  std::smatch m;
  return std::regex_search(line, m, include) ? m[1].str() : std::string{};
}

/// Why `file` may not include `header`, or empty when the arrow is allowed.
inline std::string layering_violation(const std::string& file, const std::string& header) {
  auto from = layer_of(file);
  auto to = layer_of(header);
  // The detsim program's main() composes the CLI with the built-in scenarios; the CLI
  // library itself never sees them.
  if (from.empty() || (file == "cli/main.cpp" && header == "scenarios/builtin.hpp"))
    return {};
  if (to.empty())
    return file + " includes " + header + ", which is in no layer";
  if (allowed_includes().at(from).count(to))
    return {};
  return file + " (" + from + ") includes " + header + " (" + to + "): against the layer arrows";
}

/// A wall clock, unseeded randomness or a thread in model code.
inline bool nondeterministic_call(const std::string& line) {
  static const std::regex banned{
    R"(std::random_device|[^_a-zA-Z]rand\(\)|srand\(|(system_clock|steady_clock|high_resolution_clock)::now|std::thread|sleep_for|make_timestamp\(|std::async)"};
  auto code = line.substr(0, line.find("//"));
  return std::regex_search(code, banned);
}

/// The member or variable a line declares as an unordered container, or empty.
inline std::string unordered_name(const std::string& line) {
  static const std::regex declaration{R"(std::unordered_(?:map|set)<.*>\s+(\w+)\s*[;{=])"};
  std::smatch m;
  return std::regex_search(line, m, declaration) ? m[1].str() : std::string{};
}

/// True when a line iterates `name` (hash order would reach the run).
inline bool iterates(const std::string& line, const std::string& name) {
  std::regex loop{"for\\s*\\(.*:\\s*" + name + "\\s*\\)|\\b" + name + "\\.begin\\(\\)"};
  return std::regex_search(line.substr(0, line.find("//")), loop);
}

} // namespace rules
