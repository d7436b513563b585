// fuzz/scenario_fuzzer.cpp: structure-aware. The input chooses a tiny built-in scenario, a
// fault plan over its real nodes and groups (written as text, so the plan parser is on
// the path) and a chaos spec; the run has a step budget. Properties: no crash, no
// exception but input_error (and none at all for these well-formed plans), every
// invariant of the correct systems holds under any faults, and a run repeated from the
// same inputs ends with the same digest.
#include "fuzz_support.hpp"

#include "detsim/harness/runner.hpp"
#include "detsim/scenarios/builtin.hpp"
#include "detsim/sim/parameters.hpp"
#include "detsim/sim/time.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <fmt/format.h>

using namespace detsim;

namespace {

struct tiny_scenario {
  const char* name;
  std::vector<std::string> parameters;
  std::int64_t length_ms;
  std::vector<std::string> nodes;  ///< what kill and restart may name
  std::vector<std::string> places; ///< also groups and globs, for partitions and links
};

const std::vector<tiny_scenario>& tiny_scenarios() {
  static const std::vector<tiny_scenario> all{
    {"swarm",
     {"agents=4", "resources=2", "duration=300ms"},
     300,
     {"agent-0", "agent-1", "agent-2", "agent-3", "resource-0", "resource-1"},
     {"agents", "resources", "agent-*", "resource-*", "*"}},
    {"vstack-paxos",
     {"nodes=3", "uploaders=2", "chunks=2", "duration=500ms"},
     500,
     {"node-0", "node-1", "node-2", "uploader-0", "uploader-1", "classic-0", "classic-1",
      "manager"},
     {"uploaders", "node-*", "*"}},
  };
  return all;
}

std::string pick(FuzzedDataProvider& in, const std::vector<std::string>& from) {
  return from[in.ConsumeIntegralInRange<std::size_t>(0, from.size() - 1)];
}

std::string any_place(FuzzedDataProvider& in, const tiny_scenario& s) {
  return in.ConsumeBool() ? pick(in, s.nodes) : pick(in, s.places);
}

std::string time_in(FuzzedDataProvider& in, std::int64_t from_us, std::int64_t to_us) {
  auto us = in.ConsumeIntegralInRange<std::int64_t>(from_us, to_us);
  return sim::format_duration(std::chrono::microseconds(us));
}

std::string probability(FuzzedDataProvider& in) {
  return fmt::format("{}", in.ConsumeIntegralInRange<int>(0, 100) / 100.0);
}

std::string scope(FuzzedDataProvider& in, const tiny_scenario& s) {
  switch (in.ConsumeIntegralInRange(0, 2)) {
  case 0: return "";
  case 1: return " node " + any_place(in, s);
  default: return " link " + any_place(in, s) + "->" + any_place(in, s);
  }
}

std::string fault_statement(FuzzedDataProvider& in, const tiny_scenario& s) {
  auto end_us = s.length_ms * 1000 + 100'000; // faults may also outlast the run
  auto kind = in.ConsumeIntegralInRange(0, 6);
  if (kind <= 1)
    return "at " + time_in(in, 0, end_us) + (kind == 0 ? " kill " : " restart ") + pick(in, s.nodes);
  auto start_us = in.ConsumeIntegralInRange<std::int64_t>(0, end_us);
  auto interval = "from " + sim::format_duration(std::chrono::microseconds(start_us)) + " to " +
                  time_in(in, start_us + 1, end_us + 1) + " ";
  switch (kind) {
  case 2:
    return interval + "partition " + any_place(in, s) + (in.ConsumeBool() ? "|" : "->") +
           any_place(in, s);
  case 3: return interval + "loss " + probability(in) + scope(in, s);
  case 4: return interval + "duplicate " + probability(in) + scope(in, s);
  case 5: return interval + "latency +" + time_in(in, 0, 200'000) + scope(in, s);
  default:
    return interval + fmt::format("slow {}x node ", in.ConsumeIntegralInRange(1, 1000)) +
           pick(in, s.nodes);
  }
}

std::string chaos_spec(FuzzedDataProvider& in) {
  if (!in.ConsumeBool())
    return "";
  auto rate = [&] { return in.ConsumeIntegralInRange(0, 40); };
  return fmt::format("kill-rate={}/s,restart-after={}ms,partition-rate={}/s,loss={},"
                     "latency-spike={}/s,slow-rate={}/s",
                     rate(), in.ConsumeIntegralInRange(1, 300), rate(),
                     in.ConsumeIntegralInRange(0, 20) / 100.0, rate(), rate());
}

harness::run_outcome run(const runtime::registry& registry, const harness::run_spec& spec) {
  try {
    return harness::execute(registry, spec);
  } catch (const sim::input_error& e) {
    fuzz::property_failed(std::string("a well-formed run was refused: ") + e.what());
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto registry = scenarios::builtin_registry();
  FuzzedDataProvider in{data, size};
  const auto& scenario = tiny_scenarios()[in.ConsumeIntegralInRange<std::size_t>(
    0, tiny_scenarios().size() - 1)];
  harness::run_spec spec;
  spec.scenario = scenario.name;
  spec.parameters = scenario.parameters;
  spec.seed = in.ConsumeIntegral<std::uint16_t>();
  spec.max_steps = 200'000;
  bool repeat = in.ConsumeIntegralInRange(0, 7) == 0;
  spec.chaos = chaos_spec(in);
  for (int statements = in.ConsumeIntegralInRange(0, 8); statements > 0; --statements)
    spec.faults += fault_statement(in, scenario) + "\n";

  auto outcome = run(registry, spec);
  auto reproduce = harness::reproduce_line(spec, outcome);
  if (outcome.stats.reason == sim::stop_reason::finished)
    for (const auto& invariant : outcome.invariants)
      fuzz::require(invariant.passed, invariant.name + ": " +
                                        (invariant.violations.empty() ? std::string("failed")
                                                                      : invariant.violations[0]) +
                                        "\n  " + reproduce);
  if (repeat) {
    auto again = run(registry, spec);
    fuzz::require(again.stats.digest == outcome.stats.digest,
                  "the same run ended with another digest\n  " + reproduce);
  }
  return 0;
}
