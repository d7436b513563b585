// fuzz/fault_plan_fuzzer.cpp: any text given to --faults (or found in a trace header) is
// a plan or one input_error; a plan's canonical and one-line texts parse back to the
// same plan, since traces and reproduce lines store plans as text.
#include "fuzz_support.hpp"

#include "detsim/sim/fault_plan.hpp"
#include "detsim/sim/parameters.hpp"

using namespace detsim;

namespace {

void require_round_trip(const sim::fault_plan& plan, const std::string& text, const char* form) {
  sim::fault_plan again;
  try {
    again = sim::fault_plan::parse(text, form);
  } catch (const sim::input_error& e) {
    fuzz::property_failed(std::string(form) + " text does not parse back: " + e.what());
  }
  fuzz::require(again.faults() == plan.faults(),
                std::string(form) + " text parses to another plan:\n" + text);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sim::fault_plan plan;
  try {
    plan = sim::fault_plan::parse(fuzz::as_text(data, size), "fuzz");
  } catch (const sim::input_error&) {
    return 0;
  }
  for (const auto& f : plan.faults()) {
    fuzz::require(f.end >= f.start, "a fault ends before it starts: " + to_string(f));
    fuzz::require(f.start.count() >= 0, "a fault starts before time 0: " + to_string(f));
    fuzz::require(f.probability >= 0 && f.probability <= 1,
                  "a probability outside [0, 1]: " + to_string(f));
  }
  require_round_trip(plan, plan.to_string(), "canonical");
  require_round_trip(plan, plan.to_inline(), "one-line");
  return 0;
}
