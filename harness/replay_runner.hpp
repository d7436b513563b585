// harness/replay_runner.hpp: re-executes the run a trace describes and compares it event by
// event with the recording (used by `detsim replay` and the tests).
#pragma once

#include "detsim/harness/runner.hpp"
#include "detsim/replays/verifier.hpp"

#include <optional>
#include <string>

namespace detsim::harness {

struct replay_result {
  run_spec spec;
  run_outcome outcome;
  std::optional<replays::divergence> divergence;
  std::uint64_t compared = 0;
};

/// Throws sim::input_error for an unreadable, corrupt or truncated trace, or one whose
/// run would need more than `max_memory` bytes (0: the default limit, see run_spec).
/// `extra` also hears the re-executed run (and its sends, if it observes them).
replay_result replay_trace(const runtime::registry& registry, const std::string& path,
                           std::vector<sim::event_sink*> extra = {},
                           sim::send_observer* sends = nullptr, std::uint64_t max_memory = 0,
                           std::uint32_t groups = 1, std::uint32_t group_threads = 0);

} // namespace detsim::harness
