// fuzz/campaign_config_fuzzer.cpp: a campaign.json, hand-edited or corrupt, is a config
// or one input_error. An accepted config is one that runs (check() holds), and it holds
// exactly the values the file says: nothing truncated or wrapped on the way in.
#include "fuzz_support.hpp"

#include "detsim/campaigns/campaign.hpp"
#include "detsim/sim/parameters.hpp"

#include <nlohmann/json.hpp>

using namespace detsim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = fuzz::as_text(data, size);
  campaigns::campaign_config config;
  try {
    config = campaigns::campaign_config::from_json(text, "fuzz");
  } catch (const sim::input_error&) {
    return 0;
  }
  try {
    config.check("accepted");
  } catch (const sim::input_error& e) {
    fuzz::property_failed(std::string("an accepted config fails its check: ") + e.what());
  }
  auto given = nlohmann::json::parse(text);
  auto stored = nlohmann::json::parse(config.to_json());
  for (const auto& [key, value] : stored.items())
    fuzz::require(given.at(key) == value, "'" + key + "' is " + given.at(key).dump() +
                                              " in the file but " + value.dump() + " once read");
  auto again = campaigns::campaign_config::from_json(config.to_json(), "written");
  fuzz::require(again.to_json() == config.to_json(), "a written config reads back otherwise");
  return 0;
}
