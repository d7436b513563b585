// cli/app.cpp: subcommand dispatch and the one place errors become exit codes.
#include "detsim/cli/app.hpp"

#include "detsim/harness/exit_codes.hpp"
#include "detsim/harness/runner.hpp"
#include "detsim/replays/trace_header.hpp"

#include <boost/program_options/errors.hpp>

#include <cstdio>
#include <exception>
#include <string>

namespace detsim::cli {

namespace {

constexpr const char* usage_text =
  "usage: %s <command> [options]\n"
  "\n"
  "commands:\n"
  "  list                      scenarios, their parameters, defaults and help\n"
  "  run SCENARIO [options]    run a seeded simulation, check invariants, report metrics\n"
  "  replay [options] TRACE    re-execute a recorded run and verify it event by event\n"
  "  campaign SCENARIO ...     run many seeds in isolated processes, bucket failures\n"
  "  sweep SCENARIO ...        a parameter grid (seeds per point) or a limit search\n"
  "\n"
  "'%s <command> --help' shows a command's options; '%s --version' the build.\n"
  "exit codes: 0 pass, 1 invariant violated, 2 usage or input error, 3 liveness or time\n"
  "budget exceeded, 4 replay divergence, 5 internal error or unwritable output\n";


} // namespace

int main(int argc, char** argv, const runtime::registry& registry) {
  // Commands printed for the user (usage, reproduce lines) start with the program as
  // invoked, so they run as printed from the same directory; messages use its name.
  std::string program = argc > 0 && argv[0] && *argv[0] ? argv[0] : "detsim";
  auto name = harness::program_name(program);
  if (argc < 2) {
    std::fprintf(stderr, usage_text, program.c_str(), program.c_str(), program.c_str());
    return harness::exit_usage;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  try {
    if (command == "--help" || command == "-h" || command == "help") {
      std::printf(usage_text, program.c_str(), program.c_str(), program.c_str());
      return harness::exit_pass;
    }
    if (command == "--version") {
      std::printf("%s %s (git %s)\n", name.c_str(), harness::detsim_version().c_str(),
                  harness::git_sha().c_str());
      return harness::exit_pass;
    }
    if (command == "list")
      return list_command(program, registry, args);
    if (command == "run")
      return run_command(program, registry, args);
    if (command == "replay")
      return replay_command(program, registry, args);
    if (command == "campaign")
      return campaign_command(program, registry, args);
    if (command == "sweep")
      return sweep_command(program, registry, args);
    std::fprintf(stderr, "%s: unknown command '%s' (expected: list, run, replay, campaign, sweep)\n",
                 name.c_str(), command.c_str());
    return harness::exit_usage;
  } catch (const sim::input_error& e) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), e.what());
    return harness::exit_usage;
  } catch (const boost::program_options::error& e) {
    std::fprintf(stderr, "%s %s: %s\n", name.c_str(), command.c_str(), e.what());
    return harness::exit_usage;
  } catch (const replays::io_error& e) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), e.what());
    return harness::exit_internal;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: internal error: %s\n", name.c_str(), e.what());
    return harness::exit_internal;
  }
}

} // namespace detsim::cli
