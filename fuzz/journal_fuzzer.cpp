// fuzz/journal_fuzzer.cpp: a campaign journal that survived a crash or a hand edit gives
// its records or one input_error naming the line; a torn last line is ignored, so
// cutting any journal anywhere still reads.
#include "fuzz_support.hpp"

#include "detsim/campaigns/campaign.hpp"
#include "detsim/sim/parameters.hpp"

#include <algorithm>

using namespace detsim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = fuzz::as_text(data, size);
  std::vector<campaigns::run_record> records;
  try {
    records = campaigns::parse_journal(text, "fuzz");
  } catch (const sim::input_error&) {
    return 0;
  }
  auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  fuzz::require(records.size() == lines, "a journal of " + std::to_string(lines) +
                                             " whole lines gave " +
                                             std::to_string(records.size()) + " records");
  // Cut anywhere inside its last line, a readable journal still reads.
  auto last_line = text.rfind('\n', text.empty() ? 0 : text.size() - 2);
  auto cut = last_line == std::string::npos ? 0 : last_line + 1;
  try {
    auto shorter = campaigns::parse_journal(text.substr(0, cut + (text.size() - cut) / 2), "cut");
    fuzz::require(shorter.size() + 1 >= records.size(), "a torn line lost earlier records");
  } catch (const sim::input_error& e) {
    fuzz::property_failed(std::string("a torn last line is refused: ") + e.what());
  }
  return 0;
}
