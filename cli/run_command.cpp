// cli/run_command.cpp: `detsim run SCENARIO`: a seeded run with metrics, invariant
// verdicts, an optional trace and report, and the line that reproduces it.
#include "detsim/cli/app.hpp"

#include "detsim/cli/command_line.hpp"
#include "detsim/cli/live_metrics.hpp"

#include "detsim/harness/exit_codes.hpp"
#include "detsim/harness/run_report.hpp"
#include "detsim/reports/run_html.hpp"
#include "detsim/harness/runner.hpp"

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace detsim::cli {

namespace po = boost::program_options;

namespace {

po::options_description run_options(const std::string& program) {
  po::options_description options{program + " run SCENARIO [options]"};
  options.add_options()
    ("help,h", "show this help")
    ("seed", po::value<std::string>()->default_value("1"), "root seed of the run")
    ("param", po::value<std::vector<std::string>>()->composing(),
     ("scenario parameter key=value (repeatable; see '" + program + " list')").c_str())
    ("faults", po::value<std::string>()->default_value(""),
     "fault plan: statements such as 'at 2s kill resource-3; from 1s to 4s partition "
     "agents|resources', or the path of a plan file")
    ("chaos", po::value<std::string>()->default_value(""),
     "seeded chaos, e.g. kill-rate=0.2/s,loss=0.01,partition-rate=0.1/s")
    ("trace", po::value<std::string>()->default_value(""), "write a zstd trace to FILE")
    ("trace-level", po::value<std::string>()->default_value("events"),
     "schedule | events | payloads")
    ("report", po::value<std::string>()->default_value(""), "write a JSON report to FILE")
    ("report-html", po::value<std::string>()->default_value(""),
     "write an HTML report (targets, tables, plots as inline SVG) to FILE")
    ("max-wall", po::value<std::string>()->default_value("0"),
     "give up after this many wall seconds (exit 3); 0 = no limit")
    ("max-steps", po::value<std::string>()->default_value("0"),
     "give up after this many steps (exit 3); 0 = no limit")
    ("max-memory", po::value<std::string>()->default_value("auto"),
     "refuse runs whose estimated memory exceeds this, e.g. 8G (auto: half of physical "
     "memory, or the address-space limit if lower)")
    ("no-progress", "no progress line on stderr")
    ("exact-faults", "run the fault plan exactly as given: the scenario's built-in faults "
     "are not added (shrunk plans use it)");
  add_engine_options(options);
  add_groups_option(options);
  add_metrics_port_option(options);
  return options;
}

/// --faults takes text, or a file if the value names one.
/// --faults is plan text or the path of a plan file. A value without ';', newline or
/// space can only be a path: it must name a readable regular file.
void read_faults(const std::string& value, harness::run_spec& spec) {
  spec.faults = value;
  if (value.empty() || value.find_first_of(";\n") != std::string::npos)
    return;
  std::error_code error;
  auto status = std::filesystem::status(value, error);
  if (status.type() == std::filesystem::file_type::not_found) {
    if (value.find_first_of(" \t") == std::string::npos)
      throw sim::input_error("--faults '" + value +
                             "': no such plan file (a plan reads like 'at 2s kill node-1')");
    return;
  }
  if (status.type() != std::filesystem::file_type::regular)
    throw sim::input_error("--faults '" + value + "': not a regular file");
  std::ifstream file(value);
  if (!file)
    throw sim::input_error("--faults '" + value + "': cannot read it");
  std::stringstream text;
  text << file.rdbuf();
  spec.faults = text.str();
  spec.faults_origin = value;
}

/// --engine and --threads; the realtime engine has no step budget.
void read_engine(const po::variables_map& vm, harness::run_spec& spec) {
  read_engine_options(vm, spec.realtime, spec.threads);
  auto split = read_split_options(vm, spec.realtime);
  spec.groups = split.groups;
  spec.group_threads = split.threads;
  if (!spec.realtime)
    spec.threads = 0;
  if (spec.realtime && spec.max_steps != 0)
    throw sim::input_error("--max-steps: the realtime engine runs for the scenario's duration "
                           "in wall time, not by steps");
}

} // namespace

int run_command(const std::string& program, const runtime::registry& registry,
                const std::vector<std::string>& args) {
  auto options = run_options(program);
  auto vm = parse_command(args, options, {{"scenario", 1}});
  if (vm.count("help")) {
    std::cout << options << "\nScenarios: " << registry.names() << "\n";
    return harness::exit_pass;
  }
  if (!vm.count("scenario"))
    throw sim::input_error("run: missing SCENARIO (known: " + registry.names() + ")");
  harness::run_spec spec;
  spec.scenario = vm["scenario"].as<std::string>();
  spec.seed = harness::parse_seed(vm["seed"].as<std::string>());
  if (vm.count("param"))
    spec.parameters = vm["param"].as<std::vector<std::string>>();
  read_faults(vm["faults"].as<std::string>(), spec);
  spec.chaos = vm["chaos"].as<std::string>();
  spec.trace_path = vm["trace"].as<std::string>();
  auto level = vm["trace-level"].as<std::string>();
  if (!sim::parse_trace_level(level, spec.level))
    throw sim::input_error("--trace-level '" + level +
                           "' is not one of: schedule, events, payloads");
  spec.max_wall_seconds = number_option(vm, "max-wall", 0, 1e9);
  spec.max_steps = count_option(vm, "max-steps", 0, UINT64_MAX);
  spec.max_memory = size_option(vm, "max-memory");
  spec.progress = !vm.count("no-progress");
  spec.plan_is_final = vm.count("exact-faults") > 0;
  if (spec.plan_is_final && !spec.chaos.empty())
    throw sim::input_error("--exact-faults runs the plan as given; it does not take --chaos");
  read_engine(vm, spec);
  spec.program = program;

  harness::run_hooks hooks;
  hooks.on_start = [&] {
    fmt::print("{} {} (git {}): run {} seed {}\n", program, harness::detsim_version(), harness::git_sha(),
               spec.scenario, spec.seed);
    std::fflush(stdout); // the seed is out even if the run crashes
  };
  auto metrics = start_metrics_server(vm);
  if (metrics)
    hooks.on_sample = [&](const harness::run_sample& sample) {
      metrics->publish(run_exposition(spec, sample));
    };
  auto outcome = harness::execute(registry, spec, hooks);
  harness::print_outcome(spec, outcome);
  auto reproduce = harness::reproduce_line(spec, outcome);
  auto report = vm["report"].as<std::string>();
  if (!report.empty())
    harness::write_json_report(report, spec, outcome, reproduce);
  auto report_html = vm["report-html"].as<std::string>();
  if (!report_html.empty())
    reports::write_html_report(report_html, spec, outcome, reproduce);
  if (spec.realtime)
    fmt::print("digest: none (a realtime run is not replayable)\n");
  else
    fmt::print("digest: {:016x}\n", outcome.stats.digest);
  auto reason = outcome.stats.reason;
  bool over_budget = reason == sim::stop_reason::step_budget ||
                     reason == sim::stop_reason::wall_budget;
  auto verdict = !outcome.passed() ? "FAIL (invariant violated)"
                 : over_budget     ? "FAIL (time budget exceeded)"
                                   : "PASS";
  fmt::print("verdict: {}\nreproduce: {}\n", verdict, reproduce);
  if (!outcome.passed())
    return harness::exit_invariant;
  return over_budget ? harness::exit_liveness : harness::exit_pass;
}

} // namespace detsim::cli
