// campaigns/isolated_run.hpp: one run in a forked child process, so that a crash, a hang or a
// memory blow-up becomes that run's recorded failure instead of the campaign's end.
#pragma once

#include "detsim/harness/runner.hpp"
#include "detsim/runtime/registry.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace detsim::campaigns {

enum class run_status { pass, invariant, liveness, crash, timeout, error };

const char* to_string(run_status status);

struct run_limits {
  double wall_seconds = 300; ///< the child is killed after this long
  std::size_t memory_mb = 0; ///< address-space limit of the child; 0 = none
};

/// What a run told its parent (one JSON line over a pipe) or what its death showed.
struct run_record {
  std::uint64_t index = 0;
  std::uint64_t seed = 0;
  bool recheck = false;       ///< a second run of the same seed, for determinism
  run_status status = run_status::pass;
  int exit_code = 0;
  std::string signature;      ///< groups failures: "invariant:NAME: message", "crash:SIGSEGV"...
  std::string message;        ///< first line of what went wrong, for people
  std::string digest;         ///< trace digest (hex); empty if the run did not finish
  std::string plan;           ///< the concrete fault plan that ran
  double wall_seconds = 0;
  double finished_at = 0;     ///< wall clock (epoch seconds) when the result came in
  /// The run's metrics in the scenario's order (sweeps aggregate them); NaN if undefined.
  std::vector<std::pair<std::string, double>> metrics;
};

/// Metrics as JSON: [[name, value], ...], in order; a NaN is null.
nlohmann::json metrics_to_json(const std::vector<std::pair<std::string, double>>& metrics);
/// The inverse; throws std::runtime_error when `j` is not such a list.
std::vector<std::pair<std::string, double>> metrics_from_json(const nlohmann::json& j);

/// A started child; `finish` collects it.
struct child_run {
  pid_t pid = -1;
  int pipe = -1;
  std::string output;
  run_record record;
  double started = 0; ///< monotonic seconds
};

/// Forks a child that executes `spec` and reports back.
child_run start_isolated(const runtime::registry& registry, const harness::run_spec& spec,
                         const run_limits& limits, run_record record);

/// Reads what is available; returns true once the child's pipe closed.
bool pump(child_run& child);

/// Reaps the child (killing it first if it overran `wall_limit`) and completes its record.
run_record finish(child_run& child, bool killed_for_time, double wall_limit);

/// Runs `spec` isolated and waits for it (used for re-runs and shrinking).
run_record run_isolated(const runtime::registry& registry, const harness::run_spec& spec,
                        const run_limits& limits, run_record record = {});

/// Signature text for a failed outcome: invariant name plus its first violation with
/// numbers replaced by N, so the same bug on other seeds lands in the same bucket.
std::string normalize_message(const std::string& text);

double monotonic_seconds();

} // namespace detsim::campaigns
