// fuzz/chaos_fuzzer.cpp: any --chaos text is a spec or one input_error; a spec prints
// back to itself; the plan it draws is bounded, lies inside the chaos window and touches
// only the nodes it was given.
#include "fuzz_support.hpp"

#include "detsim/sim/chaos.hpp"
#include "detsim/sim/parameters.hpp"

#include <algorithm>

using namespace detsim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 1024)
    return 0;
  sim::chaos_spec spec;
  try {
    spec = sim::chaos_spec::parse(fuzz::as_text(data, size));
  } catch (const sim::input_error&) {
    return 0;
  }
  auto printed = spec.to_string();
  try {
    fuzz::require(sim::chaos_spec::parse(printed).to_string() == printed,
                  "spec '" + printed + "' reads back as another spec");
  } catch (const sim::input_error& e) {
    fuzz::property_failed("spec '" + printed + "' does not read back: " + e.what());
  }

  const sim::duration length = std::chrono::seconds(2);
  const std::vector<std::string> nodes{"node-a", "node-b", "node-c"};
  auto random = sim::rng::derive(size, "chaos");
  sim::fault_plan plan;
  try {
    plan = sim::generate_chaos(spec, random, length, nodes);
  } catch (const sim::input_error&) {
    return 0; // a rate over the bound is refused, with the bound in the message
  }
  // Four drawn kinds (kills come with their restarts) plus loss and duplication.
  fuzz::require(plan.size() <= 10 * sim::max_chaos_faults,
                "chaos drew " + std::to_string(plan.size()) + " faults");
  auto window_end = spec.until.count() > 0 ? std::min<sim::duration>(spec.until, length) : length;
  for (const auto& f : plan.faults()) {
    bool restart = f.kind == sim::fault_kind::restart;
    fuzz::require(f.start >= spec.from && (restart || f.start < window_end) && f.end >= f.start,
                  "fault outside the chaos window: " + to_string(f));
    fuzz::require(f.end <= window_end || restart, "fault outlasts the window: " + to_string(f));
    if (!f.node.empty())
      fuzz::require(std::find(nodes.begin(), nodes.end(), f.node) != nodes.end(),
                    "fault on a node chaos was not given: " + to_string(f));
  }
  return 0;
}
