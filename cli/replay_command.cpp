// cli/replay_command.cpp: `detsim replay TRACE`: rebuild the run from the header,
// re-execute it and compare every event; or `--dump` the recorded events.
#include "detsim/cli/app.hpp"

#include "detsim/cli/command_line.hpp"

#include "detsim/harness/exit_codes.hpp"
#include "detsim/harness/replay_runner.hpp"
#include "detsim/replays/event_format.hpp"
#include "detsim/replays/perfetto_export.hpp"
#include "detsim/replays/trace_reader.hpp"

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <fstream>
#include <iostream>

namespace detsim::cli {

namespace po = boost::program_options;

namespace {

int dump(replays::trace_reader& reader, bool json) {
  auto node = [&](std::uint32_t id) -> const std::string& { return reader.node_name(id); };
  auto type = [&](std::uint32_t id) -> const std::string& { return reader.type_name(id); };
  if (!json) {
    const auto& h = reader.header();
    std::string params;
    for (const auto& [key, value] : h.parameters)
      params += " " + key + "=" + value;
    fmt::print("# scenario {} seed {} level {} detsim {}\n# parameters:{}\n", h.scenario, h.seed,
               sim::to_string(h.level), h.detsim_version, params);
    if (!h.faults.empty())
      fmt::print("# faults: {}\n", sim::fault_plan::parse(h.faults, "trace").to_inline());
  }
  sim::trace_event event;
  std::uint64_t index = 0;
  while (reader.next(event)) {
    auto line = json ? replays::format_event_json(index, event, node, type)
                     : replays::format_event(index, event, node, type);
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    if (std::ferror(stdout))
      return harness::exit_pass; // the reader went away (e.g. `| head`): not an error
    ++index;
  }
  return harness::exit_pass;
}

int verify(const std::string& program, const runtime::registry& registry,
           const std::string& path, std::uint64_t max_memory, split_options split) {
  auto result =
    harness::replay_trace(registry, path, {}, nullptr, max_memory, split.groups, split.threads);
  const auto& stats = result.outcome.stats;
  if (!result.divergence) {
    fmt::print("identical: {} events, digest {:016x}, {} seed {}, replayed in {:.3f} s\n",
               result.compared, stats.digest, result.spec.scenario, result.spec.seed,
               stats.wall_seconds);
    return harness::exit_pass;
  }
  const auto& d = *result.divergence;
  fmt::print("DIVERGED at event {} ({} seed {})\n", d.index, result.spec.scenario,
             result.spec.seed);
  fmt::print("  expected: {}\n  actual:   {}\n", d.expected, d.actual);
  fmt::print("preceding events (identical in both):\n");
  for (const auto& line : d.before)
    fmt::print("  {}\n", line);
  fmt::print("reproduce: {} replay {}\n", program, path);
  return harness::exit_divergence;
}

std::pair<sim::time_point, sim::time_point> parse_window(const std::string& text) {
  if (text.empty())
    return {sim::time_point{0}, sim::time_point::max()};
  auto dots = text.find("..");
  auto from = dots == std::string::npos ? std::nullopt : sim::parse_duration(text.substr(0, dots));
  auto to = dots == std::string::npos ? std::nullopt : sim::parse_duration(text.substr(dots + 2));
  if (!from || !to || *to < *from)
    throw sim::input_error("--window '" + text + "': expected FROM..TO, e.g. 1s..1200ms");
  return {*from, *to};
}

int export_timeline(const std::string& program, const runtime::registry& registry,
                    const std::string& path, const std::string& format,
                    const std::string& output, const std::string& window,
                    std::uint64_t max_memory) {
  if (format != "perfetto")
    throw sim::input_error("--export '" + format + "' is not supported (expected: perfetto)");
  auto [from, to] = parse_window(window);
  replays::perfetto_export timeline{from, to};
  auto result = harness::replay_trace(registry, path, {&timeline}, &timeline, max_memory);
  if (result.divergence) {
    fmt::print(stderr, "{}: the re-executed run diverged at event {}; nothing exported "
                       "(run '{} replay {}' for details)\n",
               program, result.divergence->index, program, path);
    return harness::exit_divergence;
  }
  std::ofstream out(output);
  out << timeline.json();
  if (!out)
    throw replays::io_error("cannot write '" + output + "'");
  fmt::print("exported {} timeline events to {} (open in ui.perfetto.dev)\n", timeline.exported(),
             output);
  return harness::exit_pass;
}

} // namespace

int replay_command(const std::string& program, const runtime::registry& registry,
                   const std::vector<std::string>& args) {
  po::options_description options{program + " replay [options] TRACE"};
  options.add_options()
    ("help,h", "show this help")
    ("dump", "print the recorded events instead of re-executing")
    ("format", po::value<std::string>()->default_value("text"), "dump format: text | jsonl")
    ("export", po::value<std::string>(), "re-execute and export a timeline: perfetto")
    ("output", po::value<std::string>(), "file for --export (default: TRACE.perfetto.json)")
    ("window", po::value<std::string>()->default_value(""),
     "export only virtual time FROM..TO, e.g. 1s..1.2s")
    ("max-memory", po::value<std::string>()->default_value("auto"),
     "refuse traces whose run would need more memory than this, e.g. 8G (auto: half of "
     "physical memory)");
  add_groups_option(options);
  options.add_options()("threads", po::value<std::string>()->default_value("0"),
                        "re-execute on this many threads, split into as many groups (or --groups)");
  auto vm = parse_command(args, options, {{"trace", 1}});
  if (vm.count("help")) {
    std::cout << options;
    return harness::exit_pass;
  }
  if (!vm.count("trace"))
    throw sim::input_error("replay: missing TRACE file");
  auto format = vm["format"].as<std::string>();
  if (format != "text" && format != "jsonl")
    throw sim::input_error("--format '" + format + "' is not one of: text, jsonl");
  auto path = vm["trace"].as<std::string>();
  auto max_memory = size_option(vm, "max-memory");
  if (vm.count("export")) {
    auto output = vm.count("output") ? vm["output"].as<std::string>() : path + ".perfetto.json";
    return export_timeline(program, registry, path, vm["export"].as<std::string>(), output,
                           vm["window"].as<std::string>(), max_memory);
  }
  if (vm.count("dump")) {
    replays::trace_reader reader{path};
    return dump(reader, format == "jsonl");
  }
  return verify(program, registry, path, max_memory, read_split_options(vm, false));
}

} // namespace detsim::cli
