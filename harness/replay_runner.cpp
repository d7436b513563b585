// harness/replay_runner.cpp: header -> run spec -> re-execution under a verifier.
#include "detsim/harness/replay_runner.hpp"

#include "detsim/engines/deterministic_engine.hpp"

namespace detsim::harness {

replay_result replay_trace(const runtime::registry& registry, const std::string& path,
                           std::vector<sim::event_sink*> extra, sim::send_observer* sends,
                           std::uint64_t max_memory, std::uint32_t groups,
                           std::uint32_t group_threads) {
  replays::trace_reader reader{path};
  const auto& header = reader.header();
  if (!registry.find(header.scenario))
    throw sim::input_error("trace '" + path + "' was recorded by '" + header.program +
                           "' (scenario '" + header.scenario +
                           "', which this program does not have): replay it with " +
                           header.program);
  if (header.run_rules != sim::run_rules)
    throw sim::input_error(
      "trace '" + path + "' was recorded by detsim " + header.detsim_version + " under run rules " +
      std::to_string(header.run_rules) + ", and this detsim " + detsim_version() +
      " runs rules " + std::to_string(sim::run_rules) +
      " (the same seed makes another run): replay it with the detsim that recorded it, or "
      "record it again with this one");
  replay_result result;
  result.spec = spec_from_header(header);
  result.spec.max_memory = max_memory;
  result.spec.groups = groups;
  result.spec.group_threads = group_threads;
  engines::deterministic_engine* engine = nullptr;
  replays::verifier check{reader, [&] {
                            if (engine)
                              engine->request_stop();
                          }};
  run_hooks hooks;
  hooks.sinks = std::move(extra);
  hooks.sinks.push_back(&check);
  hooks.on_engine = [&](engines::deterministic_engine& e) {
    engine = &e;
    if (sends)
      e.add_send_observer(sends);
  };
  result.outcome = execute(registry, result.spec, hooks);
  result.divergence = check.finish();
  result.compared = check.compared();
  if (!result.divergence && result.outcome.stats.digest != reader.final_digest())
    throw sim::input_error("trace '" + path + "': digest differs although every event matched");
  return result;
}

} // namespace detsim::harness
