// harness/runner.cpp: assembling and executing one run.
#include "detsim/harness/runner.hpp"

#include "detsim/engines/deterministic_engine.hpp"
#include "detsim/engines/realtime_engine.hpp"
#include "detsim/harness/memory_limit.hpp"
#include "detsim/harness/shell_quote.hpp"
#include "detsim/replays/trace_writer.hpp"
#include "detsim/runtime/process_usage.hpp"
#include "detsim/sim/assert.hpp"
#include "detsim/sim/chaos.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <unistd.h>

namespace detsim::harness {

namespace {

const runtime::scenario_info& find_scenario(const runtime::registry& registry,
                                              const std::string& name) {
  auto* info = registry.find(name);
  if (!info)
    throw sim::input_error("unknown scenario '" + name + "' (known: " + registry.names() + ")");
  return *info;
}

void print_progress(sim::time_point now, sim::duration length, std::uint64_t steps) {
  std::fprintf(stderr, "\r  simulated %.2fs / %.2fs (%.0f%%), %llu steps\x1b[K",
               sim::to_seconds(now), sim::to_seconds(length),
               100.0 * sim::to_seconds(now) / sim::to_seconds(length),
               static_cast<unsigned long long>(steps));
}

sim::fault_plan concrete_plan(const run_spec& spec, const runtime::scenario& scenario,
                              runtime::world& world, const sim::fault_plan& user_plan) {
  if (spec.plan_is_final)
    return user_plan;
  auto plan = scenario.builtin_faults();
  plan.append(user_plan);
  auto chaos = sim::chaos_spec::parse(spec.chaos.empty() ? scenario.default_chaos() : spec.chaos);
  if (!chaos.empty()) {
    auto random = sim::rng::derive(spec.seed, "chaos");
    auto targets = scenario.chaos_targets();
    if (targets.empty())
      targets = world.network().grouped_names();
    // A scenario that keeps a quiet period ends chaos early; killed nodes still restart.
    auto chaos_end = scenario.chaos_length();
    if (chaos_end < scenario.length() && (chaos.until.count() == 0 || chaos.until > chaos_end))
      chaos.until = chaos_end;
    plan.append(sim::generate_chaos(chaos, random, scenario.length(), targets));
  }
  return plan;
}

/// What a failed DETSIM_ASSERT reports about this run.
class run_context final : public sim::assert_context {
public:
  run_context(const run_spec& spec, const run_outcome& outcome, const runtime::world& world)
    : spec_(spec), outcome_(outcome), world_(world) {}
  std::string where() const override {
    return fmt::format("seed {}, {} time {}", spec_.seed, spec_.realtime ? "wall" : "virtual",
                       sim::format_duration(world_.global_now()));
  }
  std::string reproduce() const override {
    return reproduce_line(spec_, outcome_);
  }

private:
  const run_spec& spec_;
  const run_outcome& outcome_;
  const runtime::world& world_;
};

/// About every quarter second of wall time: notes resident memory in the outcome and
/// calls hooks.on_sample; once more at the end.
class sampler {
public:
  sampler(const run_hooks& hooks, const runtime::scenario& scenario, run_outcome& outcome)
    : hooks_(hooks), scenario_(scenario), outcome_(outcome), start_(std::chrono::steady_clock::now()),
      cpu_start_(runtime::cpu_seconds()) {}

  template <class Engine>
  void maybe(const Engine& engine) {
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(250))
      return;
    last_ = now;
    take(engine.stats_so_far(), engine.global_now(), false);
  }
  void take(const sim::run_stats& stats, sim::time_point at, bool finished) {
    outcome_.memory.push_back({sim::to_seconds(at), double(runtime::resident_bytes()) / (1 << 20)});
    if (finished)
      outcome_.cpu_seconds = runtime::cpu_seconds() - cpu_start_;
    if (!hooks_.on_sample)
      return;
    auto wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    hooks_.on_sample(run_sample{scenario_, stats, at, wall, finished});
  }

private:
  const run_hooks& hooks_;
  const runtime::scenario& scenario_;
  run_outcome& outcome_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_{};
  double cpu_start_;
};

/// What every run reports once its engine has stopped.
void collect(runtime::scenario& scenario, runtime::world& world, run_outcome& outcome) {
  outcome.invariants = scenario.check(world);
  outcome.metrics = scenario.metrics();
  outcome.targets = evaluate_targets(scenario.targets(), outcome.metrics);
  outcome.tables = scenario.tables();
  outcome.plots = scenario.plots();
}

/// The same scenario on CAF's threads and the wall clock: no trace, no replay.
run_outcome execute_realtime(prepared_run& prepared, const run_spec& spec, const run_hooks& hooks) {
  if (!spec.trace_path.empty())
    throw sim::input_error("--trace: a realtime run cannot be replayed, so it records no trace "
                           "(run it under the deterministic engine to get one)");
  auto& scenario = prepared.scenario;
  engines::realtime_options options;
  options.seed = spec.seed;
  options.length = scenario->length();
  options.threads = spec.threads;
  options.serialize_handlers = scenario->shares_state_between_actors();
  run_outcome outcome;
  sampler samples{hooks, *scenario, outcome};
  engines::realtime_engine* running = nullptr;
  options.on_tick = [&] { samples.maybe(*running); };
  engines::realtime_engine engine{options, [&](caf::actor_system_config& cfg) {
                                    scenario->announce(cfg);
                                  }};
  running = &engine;
  outcome.parameters = prepared.parameters.effective();
  outcome.non_default = prepared.parameters.non_default();
  run_context context{spec, outcome, engine};
  sim::assert_scope assertions{context};
  scenario->setup(engine);
  outcome.plan = concrete_plan(spec, *scenario, engine, prepared.user_plan);
  engine.set_faults(outcome.plan);
  if (hooks.on_start)
    hooks.on_start();
  outcome.stats = engine.run();
  collect(*scenario, engine, outcome);
  samples.take(outcome.stats, outcome.stats.end_time, true);
  return outcome;
}

} // namespace

bool run_outcome::passed() const {
  for (auto& inv : invariants)
    if (!inv.passed)
      return false;
  return true;
}

std::string detsim_version() {
  return DETSIM_VERSION;
}

std::string git_sha() {
  return DETSIM_GIT_SHA;
}

std::string program_name(const std::string& invoked) {
  auto slash = invoked.rfind('/');
  return slash == std::string::npos ? invoked : invoked.substr(slash + 1);
}

prepared_run prepare(const runtime::registry& registry, const run_spec& spec) {
  const auto& info = find_scenario(registry, spec.scenario);
  prepared_run run;
  run.parameters = sim::parameters::parse(spec.parameters);
  run.scenario = info.make(run.parameters);
  run.parameters.reject_unknown(spec.scenario);
  run.user_plan = sim::fault_plan::parse(spec.faults, spec.faults_origin);
  sim::chaos_spec::parse(spec.chaos); // reject a bad spec before any work
  check_memory(spec.scenario, run.scenario->estimated_memory(), memory_limit_of(spec.max_memory));
  if (spec.groups > 1 && !run.scenario->splits_into_groups())
    throw sim::input_error("--groups " + std::to_string(spec.groups) + ": scenario '" +
                           spec.scenario + "' does not declare that its nodes may be split "
                           "(its actors share state whose order matters); run it with one group");
  return run;
}

run_outcome execute(const runtime::registry& registry, const run_spec& spec,
                    const run_hooks& hooks) {
  auto prepared = prepare(registry, spec);
  if (spec.realtime)
    return execute_realtime(prepared, spec, hooks);
  auto& scenario = prepared.scenario;
  auto& params = prepared.parameters;
  const auto& user_plan = prepared.user_plan;

  engines::engine_options options;
  options.seed = spec.seed;
  options.level = spec.level;
  options.length = scenario->length();
  options.max_wall_seconds = spec.max_wall_seconds;
  options.max_steps = spec.max_steps;
  options.groups = spec.groups;
  options.threads = spec.group_threads;
  if (spec.progress && isatty(STDERR_FILENO)) {
    auto length = scenario->length();
    options.on_progress = [length](sim::time_point now, std::uint64_t steps) {
      print_progress(now, length, steps);
    };
  }
  run_outcome outcome;
  sampler samples{hooks, *scenario, outcome};
  engines::deterministic_engine* running = nullptr;
  options.on_tick = [&] { samples.maybe(*running); };
  engines::deterministic_engine engine{options, [&](caf::actor_system_config& cfg) {
                                         scenario->announce(cfg);
                                       }};
  running = &engine;
  outcome.parameters = params.effective();
  outcome.non_default = params.non_default();
  run_context context{spec, outcome, engine};
  sim::assert_scope assertions{context};
  scenario->setup(engine);
  outcome.plan = concrete_plan(spec, *scenario, engine, user_plan);
  engine.set_faults(outcome.plan);
  std::unique_ptr<replays::trace_writer> writer;
  if (!spec.trace_path.empty()) {
    writer = std::make_unique<replays::trace_writer>(spec.trace_path,
                                                     make_header(spec, outcome));
    engine.add_sink(writer.get());
  }
  for (auto* sink : hooks.sinks)
    engine.add_sink(sink);
  if (hooks.on_engine)
    hooks.on_engine(engine);
  if (hooks.on_start)
    hooks.on_start();
  outcome.stats = engine.run();
  if (options.on_progress && outcome.stats.wall_seconds > 2.0)
    std::fprintf(stderr, "\r\x1b[K");
  if (writer) {
    writer->close();
    outcome.trace_bytes = writer->bytes_written();
  }
  collect(*scenario, engine, outcome);
  samples.take(outcome.stats, outcome.stats.end_time, true);
  return outcome;
}

replays::trace_header make_header(const run_spec& spec, const run_outcome& partial) {
  replays::trace_header header;
  header.detsim_version = detsim_version();
  header.program = program_name(spec.program);
  header.scenario = spec.scenario;
  header.parameters = partial.parameters;
  header.seed = spec.seed;
  header.faults = partial.plan.to_string();
  header.chaos = spec.chaos;
  header.level = spec.level;
  return header;
}

run_spec spec_from_header(const replays::trace_header& header) {
  run_spec spec;
  spec.scenario = header.scenario;
  for (const auto& [key, value] : header.parameters)
    spec.parameters.push_back(key + "=" + value);
  spec.seed = header.seed;
  spec.faults = header.faults;
  spec.faults_origin = "trace header";
  spec.chaos = header.chaos;
  spec.plan_is_final = true;
  spec.level = header.level;
  return spec;
}

std::string reproduce_line(const run_spec& spec, const run_outcome& outcome) {
  auto line = fmt::format("{} run {} --seed {}", spec.program, spec.scenario, spec.seed);
  if (spec.realtime)
    line += spec.threads ? fmt::format(" --engine realtime --threads {}", spec.threads)
                         : std::string{" --engine realtime"};
  for (const auto& [key, value] : outcome.non_default)
    line += " --param " + key + "=" + value;
  if (!spec.faults.empty()) {
    auto plan = sim::fault_plan::parse(spec.faults, spec.faults_origin);
    if (!plan.empty())
      line += " --faults " + shell_quote(plan.to_inline());
  }
  if (spec.plan_is_final)
    line += " --exact-faults"; // the plan already holds the chaos faults
  else if (!spec.chaos.empty())
    line += " --chaos " + shell_quote(spec.chaos);
  if (spec.level != sim::trace_level::events)
    line += " --trace-level " + std::string(sim::to_string(spec.level));
  return line;
}

} // namespace detsim::harness
