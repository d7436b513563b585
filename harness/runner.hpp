// harness/runner.hpp: one simulation run from its description (scenario, parameters, seed,
// faults, chaos, trace): builds the scenario and engine, wires the sinks, runs, checks.
// `run` and `replay` both go through here, so a replay rebuilds exactly what ran.
#pragma once

#include "detsim/harness/targets.hpp"
#include "detsim/sim/fault_plan.hpp"
#include "detsim/sim/run_stats.hpp"
#include "detsim/sim/trace_event.hpp"
#include "detsim/replays/trace_header.hpp"
#include "detsim/runtime/registry.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace detsim::engines {
class deterministic_engine;
}

namespace detsim::harness {

struct run_spec {
  std::string program = "detsim";     ///< as invoked: reproduce lines start with it
  std::string scenario;
  std::vector<std::string> parameters; ///< "k=v"
  std::uint64_t seed = 1;
  std::string faults;                  ///< plan text
  std::string faults_origin = "--faults";
  std::string chaos;                   ///< chaos spec text
  /// The plan is the whole plan (--exact-faults, replays, shrinking): the scenario's
  /// built-in faults and chaos are not added to it.
  bool plan_is_final = false;
  sim::trace_level level = sim::trace_level::events;
  std::string trace_path;              ///< empty: no trace file
  double max_wall_seconds = 0;
  std::uint64_t max_steps = 0;         ///< 0: no step budget
  /// Bytes the scenario's memory estimate may reach (--max-memory); 0: half of physical
  /// memory or the address-space limit, whichever is lower.
  std::uint64_t max_memory = 0;
  bool progress = false;
  /// The deterministic engine (seeded, virtual time, replayable) or the realtime one
  /// (CAF's threads and the wall clock: measures this machine, not replayable).
  bool realtime = false;
  std::size_t threads = 0; ///< realtime: CAF worker threads (0: one per core)
  /// Deterministic engine: groups the nodes are split into (engine_options::groups); the
  /// run, its trace and digest are the same for every count.
  std::uint32_t groups = 1;
  /// Threads the groups run on at once (engine_options::threads; 0 or 1: they take turns).
  std::uint32_t group_threads = 0;
};

/// The process's resident memory at a moment of the run.
struct memory_sample {
  double run_seconds = 0; ///< simulated (realtime: wall) seconds into the run
  double resident_mb = 0;
};

struct run_outcome {
  sim::run_stats stats;
  /// Resident memory about every quarter second of wall time (a flat line is what an
  /// endurance run should show), and the CPU time the run took.
  std::vector<memory_sample> memory;
  double cpu_seconds = 0;
  std::vector<runtime::invariant_result> invariants;
  std::vector<runtime::metric> metrics;
  std::vector<target_result> targets;
  std::vector<runtime::table> tables;
  std::vector<runtime::plot> plots;
  std::map<std::string, std::string> parameters;   ///< effective values
  std::map<std::string, std::string> non_default;  ///< for the reproduce line
  sim::fault_plan plan;                            ///< concrete plan that ran
  std::uint64_t trace_bytes = 0;
  bool passed() const;
};

/// Hooks for callers that need the engine (replay) or extra sinks.
/// A run while it goes on, for live metrics: taken on the thread that runs the world,
/// between two steps (deterministic engine) or with every actor held still (realtime).
struct run_sample {
  const runtime::scenario& scenario; ///< its metrics() and histograms() may be read now
  sim::run_stats stats;              ///< steps, deliveries, drops so far
  sim::time_point now;               ///< simulated (or, realtime, wall) time
  double wall_seconds = 0;
  bool finished = false;             ///< the last sample, after the checks
};

struct run_hooks {
  std::vector<sim::event_sink*> sinks;
  /// About every quarter second of wall time, and once at the end.
  std::function<void(const run_sample&)> on_sample;
  std::function<void(engines::deterministic_engine&)> on_engine;
  /// Called once every input has been validated, just before the run starts.
  std::function<void()> on_start;
};

/// A run's scenario built from its spec, every input checked (scenario name, parameters,
/// fault plan, chaos spec, memory estimate) before anything is spent on it.
struct prepared_run {
  std::unique_ptr<runtime::scenario> scenario;
  sim::parameters parameters;
  sim::fault_plan user_plan;
};

/// Throws sim::input_error on the first bad input.
prepared_run prepare(const runtime::registry& registry, const run_spec& spec);

/// Runs; throws sim::input_error (bad input) and replays::io_error (I/O).
run_outcome execute(const runtime::registry& registry, const run_spec& spec,
                    const run_hooks& hooks = {});

/// The header a trace of this run carries.
replays::trace_header make_header(const run_spec& spec, const run_outcome& partial);

/// "build/detsim run swarm --seed 42 --param agents=100 --faults '...'" (spec.program
/// first); a final plan is reproduced with --exact-faults and without its chaos spec.
std::string reproduce_line(const run_spec& spec, const run_outcome& outcome);

/// Builds the spec that re-executes the run a trace header describes.
run_spec spec_from_header(const replays::trace_header& header);

/// The file name of a program as invoked ("build/detsim" -> "detsim").
std::string program_name(const std::string& invoked);

std::string detsim_version();
std::string git_sha();

} // namespace detsim::harness
