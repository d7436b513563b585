// cli/sweep_command.cpp: `detsim sweep`: a parameter grid with seeds per point, or a
// search for the largest value meeting a condition; table, CSV, JSON and report.html.
#include "detsim/campaigns/campaign.hpp"
#include "detsim/campaigns/directory_lock.hpp"
#include "detsim/cli/app.hpp"
#include "detsim/cli/command_line.hpp"
#include "detsim/harness/exit_codes.hpp"
#include "detsim/reports/sweep_html.hpp"
#include "detsim/campaigns/job_pool.hpp"
#include "detsim/campaigns/sweep_search.hpp"
#include "detsim/campaigns/sweep_summary.hpp"

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <set>
#include <thread>

namespace detsim::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

po::options_description sweep_options(const std::string& program) {
  po::options_description options{
    program + " sweep SCENARIO --param k=v1,v2,... [--param k=lo..hi:xF] --out DIR [options]\n" +
    program + " sweep SCENARIO --search k=lo..hi --until 'METRIC<=X' --out DIR [options]\n" +
    program + " sweep --resume DIR"};
  options.add_options()
    ("help,h", "show this help")
    ("param", po::value<std::vector<std::string>>()->composing(),
     "k=v (fixed), k=v1,v2,... (values), k=lo..hi:xF (times F), k=lo..hi:+S (plus S)")
    ("params", po::value<std::vector<std::string>>()->composing(),
     "profile file: one k=v a line, '#' comments (--param overrides it)")
    ("seeds", po::value<std::string>()->default_value("1..1"), "seeds run at every point, A..B")
    ("jobs", po::value<std::string>(), "runs at once (default: number of cores)")
    ("faults", po::value<std::string>()->default_value(""), "fault plan for every run")
    ("chaos", po::value<std::string>()->default_value(""), "chaos spec for every run")
    ("search", po::value<std::string>(), "k=lo..hi: find the largest k meeting --until")
    ("until", po::value<std::string>(), "condition for --search: METRIC<=X (<, >, >=, =) or verdict=pass")
    ("resolution", po::value<std::string>(), "--search stops when the bracket is this narrow (default: 1% of the range; 1 finds the exact integer)")
    ("metrics", po::value<std::string>()->default_value(""),
     "metrics the terminal table shows, comma-separated (default: all)")
    ("run-timeout", po::value<std::string>()->default_value("300"), "wall seconds per run before it is killed")
    ("run-memory", po::value<std::string>()->default_value("0"), "address-space limit per run, MiB (0: none)")
    ("max-memory", po::value<std::string>()->default_value("auto"), "refuse runs estimated above this, e.g. 8G")
    ("out", po::value<std::string>(), "sweep directory")
    ("resume", po::value<std::string>(), "continue the sweep in DIR");
  add_engine_options(options);
  return options;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start < text.size()) {
    auto comma = text.find(',', start);
    auto item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty())
      items.push_back(item);
    start = comma == std::string::npos ? text.size() : comma + 1;
  }
  return items;
}

campaigns::sweep_config config_from(const po::variables_map& vm, const std::string& scenario) {
  campaigns::sweep_config config;
  config.scenario = scenario;
  auto list = [&](const char* name) {
    return vm.count(name) ? vm[name].as<std::vector<std::string>>() : std::vector<std::string>{};
  };
  campaigns::add_parameters(config, list("params"), list("param"));
  campaigns::campaign_config seeds;
  campaigns::parse_seed_range(vm["seeds"].as<std::string>(), seeds);
  if (seeds.last_seed - seeds.first_seed >= 10'000)
    throw sim::input_error("--seeds: at most 10000 seeds per point");
  config.first_seed = seeds.first_seed;
  config.last_seed = seeds.last_seed;
  config.faults = vm["faults"].as<std::string>();
  config.chaos = vm["chaos"].as<std::string>();
  read_engine_options(vm, config.realtime, config.threads);
  if (!config.realtime && config.threads != 0)
    throw sim::input_error("--threads applies to --engine realtime in a sweep (each sweep "
                           "point is one deterministic run)");
  // Realtime runs measure the machine: side by side they would measure each other.
  auto default_jobs = config.realtime ? 1u : std::max(1u, std::thread::hardware_concurrency());
  config.jobs = vm.count("jobs") ? static_cast<unsigned>(count_option(vm, "jobs", 1, 1024)) : default_jobs;
  config.limits.wall_seconds = number_option(vm, "run-timeout", 0.001, 1e7);
  config.limits.memory_mb = count_option(vm, "run-memory", 0, 1ull << 30);
  config.max_memory = size_option(vm, "max-memory");
  return config;
}

/// Every point's run is checked (scenario, parameters, plan, chaos, memory) before any runs.
void validate(const runtime::registry& registry, const campaigns::sweep_config& config,
              const std::vector<campaigns::sweep_point>& points) {
  for (const auto& p : points) {
    auto spec = config.spec_for(p, config.first_seed);
    if (config.limits.memory_mb > 0)
      spec.max_memory = std::uint64_t{config.limits.memory_mb} << 20;
    harness::prepare(registry, spec);
  }
}

int run_search(const runtime::registry& registry, campaigns::sweep_config& config,
               const po::variables_map& vm, const std::string& out) {
  if (!vm.count("until"))
    throw sim::input_error("sweep: --search needs --until (e.g. 'latency_p99_ms<=50' or verdict=pass)");
  if (!config.axes.empty())
    throw sim::input_error("sweep: --search varies one parameter; give the others one value each");
  auto range = campaigns::parse_search(vm["search"].as<std::string>());
  if (vm.count("resolution"))
    range.resolution = number_option(vm, "resolution", 1e-12, 1e300);
  const auto& name = range.name;
  auto until = campaigns::parse_condition(vm["until"].as<std::string>());
  validate(registry, config, {{{name, campaigns::format_value(range.lo)}},
                              {{name, campaigns::format_value(range.hi)}}});
  fs::create_directories(out);
  campaigns::directory_lock lock{out};
  auto result = campaigns::search(registry, config, range, until, [&](const campaigns::search_step& s) {
    std::size_t passed = 0;
    for (const auto& r : s.records)
      passed += r.status == campaigns::run_status::pass;
    fmt::print("  {}={}: {} ({}/{} runs passed)\n", name, s.value, s.met ? "meets" : "fails",
               passed, s.records.size());
    std::fflush(stdout);
  });
  campaigns::write_text_file(out + "/report.html", reports::search_html(config, result));
  if (result.best.empty())
    fmt::print("search: no {} in {}..{} meets {} ({} runs)\n", name, campaigns::format_value(range.lo),
               campaigns::format_value(range.hi), until.text(), result.runs());
  else
    fmt::print("search: largest {} meeting {}: {}{} ({} runs, bracket {})\n", name, until.text(),
               result.best, result.hi_met ? " (the top of the range: the limit may lie beyond)" : "",
               result.runs(), campaigns::format_value(result.resolution));
  fmt::print("report: {}/report.html\n", out);
  return harness::exit_pass;
}

int run_grid(const runtime::registry& registry, const campaigns::sweep_config& config,
             const std::string& out, bool resume, const std::string& metrics) {
  auto points = campaigns::grid(config.axes);
  validate(registry, config, points);
  fs::create_directories(out);
  campaigns::directory_lock lock{out};
  auto journal_path = out + "/journal.jsonl";
  if (!resume) {
    if (fs::exists(out + "/sweep-config.json"))
      throw sim::input_error("sweep: '" + out + "' already holds a sweep (continue it with --resume " +
                             out + ")");
    campaigns::write_text_file(out + "/sweep-config.json", config.to_json());
  }
  campaigns::repair_journal(journal_path);
  auto records = campaigns::read_journal(journal_path);
  std::set<std::uint64_t> done;
  for (const auto& r : records)
    done.insert(r.index);
  std::vector<campaigns::sweep_job> batch;
  auto seeds = config.seed_count();
  for (std::uint64_t i = 0; i < points.size() * seeds; ++i)
    if (!done.count(i))
      batch.push_back({i, config.spec_for(points[i / seeds], config.first_seed + i % seeds)});
  fmt::print(stderr, "sweep {}: {} points x {} seeds, {} runs to go\n", config.scenario,
             points.size(), seeds, batch.size());
  campaigns::journal log{journal_path};
  campaigns::run_jobs(registry, batch, config.jobs, config.limits, [&](const campaigns::run_record& r) {
    log.append(r);
    records.push_back(r);
  });
  auto results = campaigns::summarize_sweep(points, seeds, records);
  campaigns::write_text_file(out + "/sweep.csv", campaigns::sweep_csv(results));
  campaigns::write_text_file(out + "/sweep.json", campaigns::sweep_json(results));
  campaigns::write_text_file(out + "/report.html", reports::sweep_html(config, results));
  std::cout << campaigns::sweep_table(results, split_list(metrics));
  fmt::print("report: {0}/report.html, {0}/sweep.csv, {0}/sweep.json\n", out);
  return harness::exit_pass;
}

} // namespace

int sweep_command(const std::string& program, const runtime::registry& registry,
                  const std::vector<std::string>& args) {
  auto options = sweep_options(program);
  auto vm = parse_command(args, options, {{"scenario", 1}});
  if (vm.count("help")) {
    std::cout << options;
    return harness::exit_pass;
  }
  if (vm.count("resume")) {
    auto out = vm["resume"].as<std::string>();
    auto config = campaigns::sweep_config::from_json(
      campaigns::read_text_file(out + "/sweep-config.json"), out + "/sweep-config.json");
    config.program = program;
    return run_grid(registry, config, out, true, vm["metrics"].as<std::string>());
  }
  if (!vm.count("scenario"))
    throw sim::input_error("sweep: missing SCENARIO (known: " + registry.names() + ")");
  if (!vm.count("out") || vm["out"].as<std::string>().empty())
    throw sim::input_error("sweep: --out DIR is required");
  auto config = config_from(vm, vm["scenario"].as<std::string>());
  config.program = program;
  auto out = vm["out"].as<std::string>();
  if (vm.count("search"))
    return run_search(registry, config, vm, out);
  if (vm.count("until") || vm.count("resolution"))
    throw sim::input_error("sweep: --until and --resolution go with --search");
  return run_grid(registry, config, out, false, vm["metrics"].as<std::string>());
}

} // namespace detsim::cli
