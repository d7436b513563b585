// cli/command_line.cpp: argument parsing and shell quoting for the subcommands.
#include "detsim/cli/command_line.hpp"

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

} // namespace detsim::cli
