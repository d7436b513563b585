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

/// The whole-number option `name` (taken as text, so "-1" is refused instead of wrapping),
/// between `min` and `max`; throws sim::input_error naming the option and the range.
std::uint64_t count_option(const boost::program_options::variables_map& vm, const char* name,
                           std::uint64_t min, std::uint64_t max);

/// The number option `name` (finite, no NaN), between `min` and `max`.
/// --NAME as a size ("8G", "512MiB"); "0" or "auto" gives 0 (the default limit).
std::uint64_t size_option(const boost::program_options::variables_map& vm, const char* name);
double number_option(const boost::program_options::variables_map& vm, const char* name,
                     double min, double max);

/// Adds --engine and --threads to a command's options.
void add_engine_options(boost::program_options::options_description& options);
/// --groups N (run and replay under the deterministic engine).
void add_groups_option(boost::program_options::options_description& options);
struct split_options {
  std::uint32_t groups = 1;
  std::uint32_t threads = 0; ///< threads the groups run on at once (0: take turns)
};
/// Reads --groups and, under the deterministic engine, --threads (which sets the groups).
split_options read_split_options(const boost::program_options::variables_map& vm, bool realtime);
/// Reads --engine (deterministic | realtime) and --threads.
void read_engine_options(const boost::program_options::variables_map& vm, bool& realtime,
                         std::size_t& threads);

} // namespace detsim::cli
