// cli/command_line.cpp: argument parsing and shell quoting for the subcommands.
#include "detsim/cli/command_line.hpp"

#include "detsim/harness/run_report.hpp"
#include "detsim/sim/numbers.hpp"
#include "detsim/sim/parameters.hpp"

#include <fmt/format.h>


namespace detsim::cli {

namespace po = boost::program_options;

po::variables_map parse_command(const std::vector<std::string>& args,
                                const po::options_description& visible,
                                const std::vector<std::pair<const char*, int>>& positional) {
  po::options_description hidden;
  po::positional_options_description order;
  for (auto& [name, count] : positional) {
    if (count < 0)
      hidden.add_options()(name, po::value<std::vector<std::string>>());
    else
      hidden.add_options()(name, po::value<std::string>());
    order.add(name, count);
  }
  po::options_description all;
  all.add(visible).add(hidden);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(order).run(), vm);
  po::notify(vm);
  return vm;
}

std::uint64_t count_option(const po::variables_map& vm, const char* name, std::uint64_t min,
                           std::uint64_t max) {
  auto text = vm[name].as<std::string>();
  auto value = harness::parse_unsigned(text, std::string("--") + name);
  if (value < min || value > max)
    throw sim::input_error(fmt::format("--{} {} is not between {} and {}", name, value, min, max));
  return value;
}

std::uint64_t size_option(const po::variables_map& vm, const char* name) {
  auto text = vm[name].as<std::string>();
  if (text == "auto" || text == "0")
    return 0;
  auto bytes = sim::parse_size(text);
  if (!bytes || *bytes == 0)
    throw sim::input_error(fmt::format("--{} '{}' is not a size such as 8G or 512MiB", name, text));
  return *bytes;
}

double number_option(const po::variables_map& vm, const char* name, double min, double max) {
  auto text = vm[name].as<std::string>();
  auto value = sim::parse_finite(text);
  if (!value || *value < min || *value > max)
    throw sim::input_error(fmt::format("--{} '{}' is not a number between {:g} and {:g}", name,
                                       text, min, max));
  return *value;
}

void add_engine_options(po::options_description& options) {
  options.add_options()
    ("engine", po::value<std::string>()->default_value("deterministic"),
     "deterministic (seeded virtual time, replayable) | realtime (CAF's threads and the wall "
     "clock: measures this machine, not replayable)")
    ("threads", po::value<std::string>()->default_value("0"),
     "realtime engine: CAF worker threads (0: one per core); deterministic engine: run the "
     "nodes split into groups (as many, or --groups) on this many threads, the same run");
}

void add_groups_option(po::options_description& options) {
  options.add_options()
    ("groups", po::value<std::string>()->default_value("1"),
     "deterministic engine: split the nodes into N groups run window by window and merged "
     "into one order (the trace and digest are the same for every N); with --threads T "
     "(T <= N) they run on T threads at once, else they take turns on one thread");
}

split_options read_split_options(const po::variables_map& vm, bool realtime) {
  split_options split;
  split.groups = static_cast<std::uint32_t>(count_option(vm, "groups", 1, 1024));
  auto threads = vm.count("threads") ? count_option(vm, "threads", 0, 1024) : 0;
  if (realtime) {
    if (split.groups != 1)
      throw sim::input_error("--groups applies to the deterministic engine only");
    return split;
  }
  if (threads > 1) {
    if (split.groups == 1)
      split.groups = static_cast<std::uint32_t>(threads);
    if (split.groups < threads)
      throw sim::input_error("--threads " + std::to_string(threads) + " needs as many groups at "
                             "least: --groups " + std::to_string(split.groups) + " is fewer");
    split.threads = static_cast<std::uint32_t>(threads);
  }
  return split;
}

void read_engine_options(const po::variables_map& vm, bool& realtime, std::size_t& threads) {
  auto engine = vm["engine"].as<std::string>();
  if (engine != "deterministic" && engine != "realtime")
    throw sim::input_error("--engine '" + engine + "' is not one of: deterministic, realtime");
  realtime = engine == "realtime";
  threads = static_cast<std::size_t>(count_option(vm, "threads", 0, 1024));
}

} // namespace detsim::cli
