// replays/trace_header.hpp: what a trace file says about the run that wrote it. The
// header alone is enough to run that same simulation again.
#pragma once

#include "detsim/sim/run_rules.hpp"
#include "detsim/sim/trace_event.hpp"

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>

namespace detsim::replays {

/// Version 2 added the recording program's name, version 3 the run rules; versions 1 and
/// 2 are still read (their runs followed run rules 1).
constexpr std::uint32_t trace_format_version = 3;

struct trace_header {
  std::uint32_t format_version = trace_format_version;
  std::string detsim_version;
  std::string program = "detsim"; ///< the program that recorded it (its scenarios replay it)
  std::uint32_t run_rules = sim::run_rules; ///< the engine's rules the run followed
  std::string scenario;
  std::map<std::string, std::string> parameters; ///< every value, defaults included
  std::uint64_t seed = 0;
  std::string faults; ///< the concrete plan that ran (chaos already expanded)
  std::string chaos;  ///< the chaos spec it came from, for people
  sim::trace_level level = sim::trace_level::events;
};

/// Thrown for I/O failures (exit code 5); bad trace content throws sim::input_error.
class io_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace detsim::replays
