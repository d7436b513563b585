// runtime/scenario.hpp: what a scenario is: actors to spawn, how long to run, what to
// check and what to report.
#pragma once

#include "detsim/runtime/world.hpp"
#include "detsim/sim/fault_plan.hpp"
#include "detsim/sim/histogram.hpp"
#include "detsim/sim/parameters.hpp"

#include <caf/actor_system_config.hpp>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace detsim::runtime {

struct metric {
  std::string name;
  double value = 0;
  std::string unit;
};

struct invariant_result {
  std::string name;
  bool passed = true;
  std::vector<std::string> violations;
  /// Groups this failure in a campaign ("invariant:NAME:" + bucket). Empty: the first
  /// violation with its numbers replaced by N. Set it when two bugs can word their
  /// violations alike, or one bug can word them differently.
  std::string bucket;
};

/// An invariant that passed exactly when nothing violated it.
inline invariant_result verdict(std::string name, std::vector<std::string> violations,
                                std::string bucket = {}) {
  bool passed = violations.empty();
  return {std::move(name), passed, std::move(violations), std::move(bucket)};
}

/// One term of a memory estimate: a parameter's value times what each unit of it costs.
struct memory_term {
  std::string parameter;
  double count = 0;
  double bytes_each = 0;
};

/// What a run is expected to need at its peak, estimated from its parameters before
/// anything is allocated, and the parameter contributing most (named when refused).
struct memory_estimate {
  std::uint64_t bytes = 0;  ///< 0: the scenario does not estimate
  std::string driven_by;    ///< "agents=10000000"

  static memory_estimate of(double base_bytes, const std::vector<memory_term>& terms) {
    double total = base_bytes;
    const memory_term* largest = nullptr;
    for (const auto& term : terms) {
      total += term.count * term.bytes_each;
      if (!largest || term.count * term.bytes_each > largest->count * largest->bytes_each)
        largest = &term;
    }
    memory_estimate estimate;
    estimate.bytes = total < 0x1p63 ? static_cast<std::uint64_t>(total) : std::uint64_t{1} << 63;
    if (largest) {
      char count[32];
      std::snprintf(count, sizeof count, "%.0f", largest->count);
      estimate.driven_by = largest->parameter + "=" + count;
    }
    return estimate;
  }
};

/// A goal a metric must meet, shown as a pass/fail row ("startup_p95 < 2 s").
struct target {
  std::string label;
  std::string metric;
  std::string comparison; ///< "<", "<=", ">" or ">="
  double goal = 0;
  std::string unit;
};

/// A table the scenario formats itself (e.g. smart vs naive side by side).
struct table {
  std::string title;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

struct plot_series {
  std::string label;
  std::vector<std::pair<double, double>> points;
};

/// A latency (or other) distribution the scenario keeps, for live metrics.
struct histogram_view {
  std::string name;                      ///< e.g. "latency_seconds"
  const sim::histogram* values = nullptr;
  double scale = 1;                      ///< recorded unit -> exported unit (ns -> s: 1e-9)
  std::string help;
};

/// A line chart for the HTML report.
struct plot {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<plot_series> series;
  bool log_x = false; ///< logarithmic axes (points at or below 0 are left out)
  bool log_y = false;
  /// Draws each series' points in pairs, each pair one line with dots at its ends: a
  /// graph's edges (a DAG of forks and merges) rather than a curve.
  bool segments = false;
};

class scenario {
public:
  virtual ~scenario() = default;

  /// Registers the scenario's message types with CAF.
  virtual void announce(caf::actor_system_config& cfg) const = 0;
  /// Virtual time the run lasts.
  virtual sim::duration length() const = 0;
  /// Declares nodes, groups and links, and starts the actors.
  virtual void setup(runtime::world& w) = 0;
  /// Chaos draws its faults up to this time (default: the whole run). A scenario that
  /// checks that things settle once faults stop ends chaos early and keeps a quiet period.
  virtual sim::duration chaos_length() const { return length(); }
  /// The --chaos spec a run gets when it names none ("" for none): a scenario about
  /// surviving faults brings its own.
  virtual std::string default_chaos() const { return {}; }
  /// Faults the scenario always injects (added to the user's plan).
  virtual sim::fault_plan builtin_faults() const { return {}; }
  /// Nodes that --chaos may kill, isolate or slow. By default (an empty list) every node
  /// the scenario put in a group; override to narrow it (a scenario with no groups and no
  /// targets gets message faults from --chaos but no node faults).
  virtual std::vector<std::string> chaos_targets() const { return {}; }
  /// End-of-run invariants (including what was recorded during the run).
  virtual std::vector<invariant_result> check(runtime::world& w) = 0;
  virtual std::vector<metric> metrics() const = 0;
  virtual std::vector<target> targets() const { return {}; }
  virtual std::vector<table> tables() const { return {}; }
  virtual std::vector<plot> plots() const { return {}; }
  /// Whether actors share state other than through messages (checkers, statistics): then
  /// the realtime engine runs one at a time. A scenario whose shared state is thread-safe
  /// returns false and its actors run in parallel on CAF's threads.
  virtual bool shares_state_between_actors() const { return true; }
  /// Whether a run may split the nodes into groups (--groups): no actor reads what
  /// another node wrote to shared state, and what nodes report to shared checkers and
  /// statistics gives the same result in any order of nodes. A split run interleaves
  /// the nodes of different groups differently within each window; only the messages
  /// keep one order.
  virtual bool splits_into_groups() const { return false; }
  /// Distributions to export live (Prometheus histograms) while the run goes on.
  virtual std::vector<histogram_view> histograms() const { return {}; }
  /// Integer parameters that scale the run (node counts...), smallest first in
  /// importance; a campaign's shrinker tries smaller values of these.
  virtual std::vector<std::string> size_parameters() const { return {}; }
  /// Peak memory expected from the parameters; runs over --max-memory are refused before
  /// setup. By default nothing is estimated and nothing refused.
  virtual memory_estimate estimated_memory() const { return {}; }
};

} // namespace detsim::runtime
