// harness/run_report.hpp: what a finished run prints (text) and writes (--report JSON).
#pragma once

#include "detsim/harness/runner.hpp"

#include <string>

namespace detsim::harness {

/// The metrics, engine numbers and invariant verdicts as text for stdout.
void print_outcome(const run_spec& spec, const run_outcome& outcome);

/// Writes the JSON report; throws replays::io_error.
void write_json_report(const std::string& path, const run_spec& spec,
                       const run_outcome& outcome, const std::string& reproduce);

/// True when every performance target of the scenario was met (performance only:
/// the verdict and exit code follow the invariants).
bool targets_met(const run_outcome& outcome);

/// Strict unsigned 64-bit parse for seeds; throws sim::input_error.
std::uint64_t parse_seed(const std::string& text);

/// Strict decimal unsigned 64-bit parse; `what` names the input in the error
/// ("--seeds start 'x' is not a decimal unsigned 64-bit integer").
std::uint64_t parse_unsigned(const std::string& text, const std::string& what);

} // namespace detsim::harness
