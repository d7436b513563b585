// sim/fault_plan.hpp: faults as data. A plan is a list of timed faults parsed from text
// ("at 2s kill resource-3; from 1s to 4s partition agents|resources;
// from 5s to 8s slow 4x node node-1; from 5s to 9s memory 25% node node-2") or generated
// from a seeded chaos spec; it prints back to the same text, so traces can store it.
#pragma once

#include "detsim/sim/time.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace detsim::sim {

enum class fault_kind { kill, restart, partition, loss, latency, duplicate, slow, memory };

/// The most one slow fault (or several overlapping) may slow a node's disk and NIC.
constexpr double max_slowdown = 1e6;

/// One fault. Node, group and link ends are patterns: a node name, a group name the
/// scenario defines ("agents"), a prefix glob ("resource-*") or "*".
struct fault {
  fault_kind kind = fault_kind::kill;
  time_point start{0};
  time_point end{0};          ///< equals start for kill and restart
  std::string node;           ///< kill, restart; or the node a loss/latency applies to
  std::string source;         ///< partition side A / link source ("" = any)
  std::string target;         ///< partition side B / link target ("" = any)
  bool directed = false;      ///< partition A->B blocks only A to B
  double probability = 0;     ///< loss, duplicate
  duration extra{0};          ///< latency added
  double factor = 1;          ///< slow: how many times slower the node's disk and NIC are;
                              ///< memory: the percent of its memory the node keeps (0, 100]

  bool instant() const { return kind == fault_kind::kill || kind == fault_kind::restart; }
  friend bool operator==(const fault& a, const fault& b);
};

class fault_plan {
public:
  /// Parses statements separated by ';' or newlines ('#' starts a comment).
  /// Throws input_error "fault plan 'ORIGIN' line L column C: ..." on bad input.
  static fault_plan parse(std::string_view text, std::string_view origin = "--faults");

  /// Canonical text: one statement per line, re-parses to an equal plan.
  std::string to_string() const;

  /// The same faults on one line, joined with "; " (for reproduce lines).
  std::string to_inline() const;

  void add(fault f);
  void append(const fault_plan& other);
  const std::vector<fault>& faults() const { return faults_; }
  bool empty() const { return faults_.empty(); }
  std::size_t size() const { return faults_.size(); }

private:
  std::vector<fault> faults_;
};

/// Renders one fault as a statement.
std::string to_string(const fault& f);

} // namespace detsim::sim
