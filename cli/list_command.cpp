// cli/list_command.cpp: `detsim list`: every scenario with its parameters and defaults.
#include "detsim/cli/app.hpp"
#include "detsim/cli/command_line.hpp"

#include "detsim/harness/exit_codes.hpp"

#include <boost/program_options.hpp>

#include <cstdio>

namespace detsim::cli {

int list_command(const std::string& program, const runtime::registry& registry,
                 const std::vector<std::string>& args) {
  namespace po = boost::program_options;
  po::options_description options{program + " list: scenarios and their parameters"};
  options.add_options()("help,h", "show this help");
  auto vm = parse_command(args, options, {}); // takes no arguments: "list bogus" is refused
  if (vm.count("help")) {
    std::printf("usage: %s list\nLists scenarios, their parameters and defaults.\n", program.c_str());
    return harness::exit_pass;
  }
  for (const auto& info : registry.all()) {
    std::printf("%s\n    %s\n", info.name.c_str(), info.help.c_str());
    sim::parameters probe;
    info.make(probe); // the constructor declares every parameter with its default
    for (const auto& p : probe.declared())
      std::printf("    --param %-18s default %-8s %s\n", (p.name + "=").c_str(),
                  p.default_value.c_str(), p.help.c_str());
  }
  return harness::exit_pass;
}

} // namespace detsim::cli
