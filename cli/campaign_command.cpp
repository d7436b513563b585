// cli/campaign_command.cpp: `detsim campaign`: run (or resume) a chaos campaign over many
// seeds, or merge shard directories; writes summary.json, junit.xml and one trace per
// failure bucket.
#include "detsim/cli/app.hpp"

#include "detsim/cli/command_line.hpp"
#include "detsim/cli/live_metrics.hpp"

#include "detsim/reports/campaign_html.hpp"
#include "detsim/reports/junit.hpp"
#include "detsim/campaigns/campaign_runner.hpp"
#include "detsim/campaigns/directory_lock.hpp"
#include "detsim/campaigns/campaign_summary.hpp"
#include "detsim/harness/exit_codes.hpp"
#include "detsim/campaigns/shrink.hpp"
#include "detsim/replays/trace_diff.hpp"
#include "detsim/sim/chaos.hpp"

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>
#include <unistd.h>

namespace detsim::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

po::options_description campaign_options(const std::string& program) {
  po::options_description options{
    program + " campaign SCENARIO (--seeds A..B | --hours H) --out DIR [options]\n" +
    program + " campaign --resume DIR\n" + program + " campaign merge DIR... --out DIR"};
  options.add_options()
    ("help,h", "show this help")
    ("seeds", po::value<std::string>(), "seed range A..B, one run per seed")
    ("hours", po::value<std::string>(), "run until this much wall time passed (seeds from the index)")
    ("campaign-seed", po::value<std::string>()->default_value("1"), "time mode: root of the seeds")
    ("jobs", po::value<std::string>(), "runs at once (default: number of cores)")
    ("param", po::value<std::vector<std::string>>()->composing(), "scenario parameter k=v")
    ("faults", po::value<std::string>()->default_value(""), "fault plan for every run")
    ("chaos", po::value<std::string>()->default_value(""), "chaos spec for every run")
    ("recheck", po::value<std::string>()->default_value("0.01"),
     "fraction of passing seeds run twice to check determinism (failing ones always are)")
    ("shard", po::value<std::string>(), "K/N: run indexes with index % N == K; or auto (Slurm)")
    ("run-timeout", po::value<std::string>()->default_value("300"), "wall seconds per run before it is killed")
    ("run-memory", po::value<std::string>()->default_value("0"), "address-space limit per run, MiB (0: none)")
    ("out", po::value<std::string>(), "campaign directory")
    ("resume", po::value<std::string>(), "continue the campaign in DIR")
    ("no-progress", "no live progress line");
  add_metrics_port_option(options);
  return options;
}

void print_progress(const campaigns::campaign_progress& p, bool tty) {
  static double last_plain = 0;
  auto line = p.total ? fmt::format("campaign: {}/{} runs", p.done, p.total)
                      : fmt::format("campaign: {} runs", p.done);
  line += fmt::format(", {:.1f} runs/s, {} failures, {} buckets", p.runs_per_second,
                      p.failures, p.buckets);
  if (p.runs_per_second > 0 || p.total == 0)
    line += fmt::format(", {:.0f} s left", p.seconds_left);
  if (tty) {
    std::fprintf(stderr, "\r%s\x1b[K", line.c_str());
    return;
  }
  auto now = campaigns::monotonic_seconds();
  if (now - last_plain >= 5) {
    last_plain = now;
    std::fprintf(stderr, "%s\n", line.c_str());
  }
}

/// Re-runs each bucket's smallest seed with a trace (passing runs never pay for traces).
/// For nondeterminism, the seed runs twice and the bucket names the first divergent event.
void write_bucket_traces(const runtime::registry& registry, const campaigns::campaign_config& config,
                         campaigns::campaign_summary& summary, const std::string& out) {
  for (auto& b : summary.buckets) {
    auto path = out + "/" + b.trace;
    fs::create_directories(fs::path(path).parent_path());
    auto spec = config.spec_for(b.smallest_seed);
    spec.trace_path = path;
    campaigns::run_isolated(registry, spec, config.limits);
    if (b.signature != "nondeterminism")
      continue;
    spec.trace_path = path.substr(0, path.size() - 4) + "-again.zst";
    campaigns::run_isolated(registry, spec, config.limits);
    try {
      auto difference = replays::first_difference(path, spec.trace_path);
      b.divergence = difference ? fmt::format("first divergent event {}: {} | again: {}",
                                              difference->index, difference->first,
                                              difference->second)
                                : "these two re-runs happened to agree";
    } catch (const std::exception& e) {
      b.divergence = std::string("traces not comparable: ") + e.what();
    }
  }
}

/// Shrinks each bucket's fault plan (not hangs, whose every trial costs the time limit,
/// and not nondeterminism) and writes the confirmed minimal plan next to its trace.
void shrink_buckets(const std::string& program, const runtime::registry& registry,
                    const campaigns::campaign_config& config, campaigns::campaign_summary& summary,
                    const std::string& out) {
  for (auto& b : summary.buckets) {
    auto plan = sim::fault_plan::parse(b.plan, "journal");
    b.original_faults = plan.size();
    b.minimal_faults = plan.size();
    if (b.signature == "nondeterminism" || b.signature.rfind("timeout:", 0) == 0)
      continue;
    auto result = campaigns::shrink_faults(registry, config, b.smallest_seed, b.plan, b.signature);
    if (!result.confirmed)
      continue;
    b.minimal_faults = result.minimal_faults;
    b.minimal_plan_file = fs::path(b.trace).parent_path().string() + "/minimal.plan";
    campaigns::write_text_file(out + "/" + b.minimal_plan_file, result.minimal_plan);
    auto minimal = config;
    minimal.chaos.clear();
    minimal.faults.clear();
    minimal.parameters = result.parameters;
    b.shrunk_sizes = result.shrunk_sizes;
    // Relative to the campaign directory, like every path in summary.json.
    b.minimal_reproduce = campaigns::campaign_reproduce(program, minimal, b.smallest_seed) +
                          " --faults " + b.minimal_plan_file + " --exact-faults";
  }
}

int report(const std::string& program, const runtime::registry& registry,
           const campaigns::campaign_config& config, std::vector<campaigns::run_record> records,
           const std::string& out) {
  auto summary = campaigns::summarize(config, records, program);
  write_bucket_traces(registry, config, summary, out);
  shrink_buckets(program, registry, config, summary, out);
  campaigns::write_text_file(out + "/summary.json", campaigns::summary_json(config, summary));
  campaigns::write_text_file(out + "/junit.xml", reports::junit_xml(config, summary));
  campaigns::write_text_file(out + "/report.html", reports::campaign_html(config, summary, records));
  fmt::print("campaign {}: {} runs, {} passed, {} failed, {} re-checked, {} buckets\n",
             config.scenario, summary.runs, summary.passed, summary.failed, summary.rechecked,
             summary.buckets.size());
  for (auto& b : summary.buckets) {
    fmt::print("bucket {} ({} runs, first seed {}, smallest seed {})\n  {}\n  trace: {}/{}\n"
               "  reproduce: {}\n",
               b.signature, b.count, b.first_seed, b.smallest_seed, b.message, out, b.trace,
               b.reproduce);
    if (!b.divergence.empty())
      fmt::print("  {}\n", b.divergence);
    if (!b.minimal_plan_file.empty()) {
      // summary.json keeps the plan's path relative to the campaign; people get a line
      // that runs from here.
      auto line = b.minimal_reproduce;
      auto relative = " --faults " + b.minimal_plan_file;
      line.replace(line.find(relative), relative.size(),
                   " --faults " + out + "/" + b.minimal_plan_file);
      // No fault left: the failure is the variant's own, not something a fault caused.
      auto faults = b.minimal_faults == 0
                      ? fmt::format("fails without faults{}", b.original_faults
                                                                   ? fmt::format(" (all {} dropped)", b.original_faults)
                                                                   : "")
                      : fmt::format("{} faults -> {}", b.original_faults, b.minimal_faults);
      fmt::print("  shrunk: {}{}{} (confirmed)\n  reproduce: {}\n", faults,
                 b.shrunk_sizes.empty() ? "" : ", ", fmt::join(b.shrunk_sizes, ", "), line);
    }
  }
  fmt::print("report: {0}/report.html, {0}/summary.json, {0}/junit.xml\n", out);
  return summary.buckets.empty() ? harness::exit_pass : harness::exit_invariant;
}

campaigns::campaign_config config_from(const po::variables_map& vm) {
  campaigns::campaign_config config;
  config.scenario = vm["scenario"].as<std::string>();
  if (vm.count("param"))
    config.parameters = vm["param"].as<std::vector<std::string>>();
  config.faults = vm["faults"].as<std::string>();
  config.chaos = vm["chaos"].as<std::string>();
  if (vm.count("seeds") == vm.count("hours"))
    throw sim::input_error("campaign: give exactly one of --seeds A..B and --hours H");
  if (vm.count("seeds"))
    campaigns::parse_seed_range(vm["seeds"].as<std::string>(), config);
  if (vm.count("hours")) {
    config.hours = number_option(vm, "hours", 0, 24 * 365);
    if (!(config.hours > 0))
      throw sim::input_error("--hours must be positive");
    auto now = std::chrono::system_clock::now().time_since_epoch();
    config.deadline = std::chrono::duration<double>(now).count() + config.hours * 3600;
  }
  config.campaign_seed = count_option(vm, "campaign-seed", 0, UINT64_MAX);
  config.jobs = vm.count("jobs") ? static_cast<unsigned>(count_option(vm, "jobs", 1, 1024))
                                 : std::max(1u, std::thread::hardware_concurrency());
  config.recheck = number_option(vm, "recheck", 0, 1);
  if (vm.count("shard"))
    campaigns::parse_shard(vm["shard"].as<std::string>(), config);
  config.limits.wall_seconds = number_option(vm, "run-timeout", 0, 1e7);
  config.limits.memory_mb = count_option(vm, "run-memory", 0, 1ull << 30);
  if (!(config.limits.wall_seconds > 0))
    throw sim::input_error("--run-timeout must be positive");
  return config;
}

/// Rejects a campaign whose scenario, parameters, faults or chaos cannot run, before
/// thousands of children each fail the same way.
void validate(const runtime::registry& registry, const campaigns::campaign_config& config) {
  auto spec = config.spec_for(config.seed_of(config.shard_index));
  // Each run is held to the address-space limit --run-memory gives its child.
  if (config.limits.memory_mb > 0)
    spec.max_memory = std::uint64_t{config.limits.memory_mb} << 20;
  harness::prepare(registry, spec);
}

int merge(const std::string& program, const runtime::registry& registry,
          const std::vector<std::string>& dirs, const std::string& out) {
  if (dirs.empty())
    throw sim::input_error("campaign merge: no shard directories given");
  std::vector<campaigns::run_record> records;
  campaigns::campaign_config config;
  for (std::size_t i = 0; i < dirs.size(); ++i) {
    auto c = campaigns::campaign_config::from_json(campaigns::read_text_file(dirs[i] + "/campaign.json"),
                                        dirs[i] + "/campaign.json");
    if (i == 0) {
      config = c;
      config.program = program;
    }
    else if (c.scenario != config.scenario || c.parameters != config.parameters ||
             c.faults != config.faults || c.chaos != config.chaos ||
             c.first_seed != config.first_seed || c.last_seed != config.last_seed)
      throw sim::input_error("campaign merge: '" + dirs[i] + "' is a different campaign");
    auto part = campaigns::read_journal(dirs[i] + "/journal.jsonl");
    records.insert(records.end(), part.begin(), part.end());
  }
  config.shard_index = 0;
  config.shard_count = 1;
  fs::create_directories(out);
  campaigns::directory_lock lock{out};
  campaigns::write_text_file(out + "/campaign.json", config.to_json());
  return report(program, registry, config, std::move(records), out);
}

} // namespace

int campaign_command(const std::string& program, const runtime::registry& registry,
                     const std::vector<std::string>& args) {
  auto options = campaign_options(program);
  auto vm = parse_command(args, options, {{"scenario", 1}, {"dirs", -1}});
  if (vm.count("help")) {
    std::cout << options;
    return harness::exit_pass;
  }
  if (vm.count("scenario") && vm["scenario"].as<std::string>() == "merge") {
    if (!vm.count("out"))
      throw sim::input_error("campaign merge: --out DIR is required");
    auto dirs = vm.count("dirs") ? vm["dirs"].as<std::vector<std::string>>()
                                 : std::vector<std::string>{};
    return merge(program, registry, dirs, vm["out"].as<std::string>());
  }
  std::string out;
  campaigns::campaign_config config;
  if (vm.count("resume")) {
    out = vm["resume"].as<std::string>();
    config = campaigns::campaign_config::from_json(campaigns::read_text_file(out + "/campaign.json"),
                                        out + "/campaign.json");
  } else {
    if (!vm.count("scenario"))
      throw sim::input_error("campaign: missing SCENARIO (known: " + registry.names() + ")");
    if (!vm.count("out"))
      throw sim::input_error("campaign: --out DIR is required");
    out = vm["out"].as<std::string>();
    if (out.empty())
      throw sim::input_error("campaign: --out needs a directory");
    config = config_from(vm);
  }
  config.program = program;
  validate(registry, config);
  fs::create_directories(out);
  campaigns::directory_lock lock{out}; // held until the report is written
  if (!vm.count("resume")) {
    if (fs::exists(out + "/campaign.json"))
      throw sim::input_error("campaign: '" + out +
                             "' already holds a campaign (continue it with --resume " + out + ")");
    campaigns::write_text_file(out + "/campaign.json", config.to_json());
  }
  bool tty = isatty(STDERR_FILENO) && !std::getenv("CI");
  bool quiet = vm.count("no-progress") != 0;
  auto metrics = start_metrics_server(vm);
  campaigns::run_campaign(registry, config, out, [&](const campaigns::campaign_progress& p) {
    if (!quiet)
      print_progress(p, tty);
    if (metrics)
      metrics->publish(campaign_exposition(config.scenario, p));
  });
  if (tty && !quiet)
    std::fprintf(stderr, "\r\x1b[K");
  return report(program, registry, config, campaigns::read_journal(out + "/journal.jsonl"), out);
}

} // namespace detsim::cli
