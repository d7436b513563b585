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

} // namespace detsim::cli
