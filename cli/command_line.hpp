// cli/command_line.hpp: shared pieces of the subcommands' argument handling.
#pragma once

#include <boost/program_options.hpp>

#include <string>
#include <vector>

namespace detsim::cli {

/// Parses a subcommand's arguments: the visible options plus positional arguments, each
/// (name, count) with count -1 for "all the rest" (stored as a vector of strings).
boost::program_options::variables_map
parse_command(const std::vector<std::string>& args,
              const boost::program_options::options_description& visible,
              const std::vector<std::pair<const char*, int>>& positional);

} // namespace detsim::cli
