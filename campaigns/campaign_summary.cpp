// campaigns/campaign_summary.cpp: buckets, determinism re-check verdicts, JSON and JUnit.
#include "detsim/campaigns/campaign_summary.hpp"

#include "detsim/harness/shell_quote.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace detsim::campaigns {

namespace {

constexpr std::size_t listed_seeds = 20;

/// A failing record as the bucket sees it: nondeterminism replaces the run's own verdict.
struct failure {
  std::uint64_t index;
  std::uint64_t seed;
  std::string signature;
  std::string message;
  std::string plan;
};

} // namespace

std::string campaign_reproduce(const std::string& program, const campaign_config& config,
                               std::uint64_t seed) {
  auto line = fmt::format("{} run {} --seed {}", program, config.scenario, seed);
  for (auto& p : config.parameters)
    line += " --param " + p;
  if (!config.faults.empty())
    line += " --faults " + harness::shell_quote(config.faults);
  if (!config.chaos.empty())
    line += " --chaos " + harness::shell_quote(config.chaos);
  return line;
}

campaign_summary summarize(const campaign_config& config, std::vector<run_record> records,
                           const std::string& program) {
  // One record per (index, recheck): the first wins when merged journals overlap.
  std::map<std::pair<std::uint64_t, bool>, run_record> unique;
  for (auto& r : records)
    unique.emplace(std::make_pair(r.index, r.recheck), std::move(r));
  campaign_summary summary;
  std::vector<failure> failures;
  for (auto& [key, r] : unique) {
    if (key.second) {
      ++summary.rechecked;
      continue;
    }
    ++summary.runs;
    summary.run_seconds += r.wall_seconds;
    auto again = unique.find({key.first, true});
    bool differs = again != unique.end() && (again->second.digest != r.digest ||
                                             again->second.status != r.status);
    if (differs) {
      failures.push_back({r.index, r.seed, "nondeterminism",
                          "two runs of one seed differ: digest " + r.digest + " then " +
                            again->second.digest,
                          r.plan});
    } else if (r.status != run_status::pass) {
      failures.push_back({r.index, r.seed, r.signature, r.message, r.plan});
    }
  }
  summary.failed = failures.size();
  summary.passed = summary.runs - summary.failed;
  std::map<std::string, bucket> buckets;
  for (auto& f : failures) { // in index order
    auto& b = buckets[f.signature];
    if (b.count == 0) {
      b.signature = f.signature;
      b.message = f.message;
      b.first_seed = f.seed;
      b.smallest_seed = f.seed;
      b.plan = f.plan;
    }
    if (f.seed < b.smallest_seed) {
      b.smallest_seed = f.seed;
      b.plan = f.plan;
    }
    ++b.count;
    b.seeds.push_back(f.seed);
  }
  std::size_t number = 0;
  for (auto& [signature, b] : buckets) {
    std::sort(b.seeds.begin(), b.seeds.end());
    if (b.seeds.size() > listed_seeds)
      b.seeds.resize(listed_seeds);
    b.reproduce = campaign_reproduce(program, config, b.smallest_seed);
    b.trace = fmt::format("buckets/{}/trace.zst", number++);
    summary.buckets.push_back(b);
  }
  return summary;
}

std::string summary_json(const campaign_config& config, const campaign_summary& s) {
  using nlohmann::json;
  json buckets = json::array();
  for (auto& b : s.buckets)
    buckets.push_back({{"signature", b.signature},
                       {"message", b.message},
                       {"count", b.count},
                       {"first_seed", b.first_seed},
                       {"smallest_seed", b.smallest_seed},
                       {"seeds", b.seeds},
                       {"fault_plan", b.plan},
                       {"reproduce", b.reproduce},
                       {"trace", b.trace},
                       {"original_faults", b.original_faults},
                       {"minimal_faults", b.minimal_faults},
                       {"shrunk_sizes", b.shrunk_sizes},
                       {"divergence", b.divergence},
                       {"minimal_plan", b.minimal_plan_file},
                       {"minimal_reproduce", b.minimal_reproduce}});
  json j{{"schema", "detsim-campaign-summary/1"},
         {"scenario", config.scenario},
         {"parameters", config.parameters},
         {"faults", config.faults},
         {"chaos", config.chaos},
         {"runs", s.runs},
         {"passed", s.passed},
         {"failed", s.failed},
         {"rechecked", s.rechecked},
         {"buckets", buckets}};
  return j.dump(2) + "\n";
}

} // namespace detsim::campaigns
