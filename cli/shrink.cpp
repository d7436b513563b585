// cli/shrink.cpp: ddmin (Zeller) over fault lists, one isolated run per candidate.
#include "cli/shrink.hpp"

#include "sim/fault_plan.hpp"

namespace cli {

namespace {

constexpr std::size_t max_trials = 200; // bounds the search on very long plans

class fault_shrinker {
public:
  fault_shrinker(const scenarios::registry& registry, const campaign_config& config,
                 std::uint64_t seed, const std::string& signature)
    : registry_(registry), config_(config), seed_(seed), signature_(signature) {}

  /// True if the run with exactly these faults (and no chaos) fails with the signature.
  bool fails(const std::vector<sim::fault>& faults) {
    ++runs_;
    auto spec = config_.spec_for(seed_);
    spec.faults = text_of(faults);
    spec.chaos.clear();
    return run_isolated(registry_, spec, config_.limits).signature == signature_;
  }

  std::vector<sim::fault> minimize(std::vector<sim::fault> faults) {
    std::size_t parts = 2;
    while (faults.size() >= 2 && runs_ < max_trials) {
      auto chunk = (faults.size() + parts - 1) / parts;
      bool reduced = false;
      for (std::size_t start = 0; start < faults.size() && runs_ < max_trials; start += chunk) {
        // Try the complement of one chunk: drop it and see if the bug stays.
        std::vector<sim::fault> rest;
        for (std::size_t i = 0; i < faults.size(); ++i)
          if (i < start || i >= start + chunk)
            rest.push_back(faults[i]);
        if (fails(rest)) {
          faults = std::move(rest);
          parts = std::max<std::size_t>(parts - 1, 2);
          reduced = true;
          break;
        }
      }
      if (!reduced) {
        if (parts >= faults.size())
          break;
        parts = std::min(parts * 2, faults.size());
      }
    }
    if (faults.size() == 1 && runs_ < max_trials && fails({}))
      faults.clear();
    return faults;
  }

  static std::string text_of(const std::vector<sim::fault>& faults) {
    sim::fault_plan plan;
    for (auto& f : faults)
      plan.add(f);
    return plan.to_string();
  }

  std::size_t runs() const { return runs_; }

private:
  const scenarios::registry& registry_;
  const campaign_config& config_;
  std::uint64_t seed_;
  std::string signature_;
  std::size_t runs_ = 0;
};

} // namespace

shrink_result shrink_faults(const scenarios::registry& registry, const campaign_config& config,
                            std::uint64_t seed, const std::string& plan,
                            const std::string& signature) {
  auto faults = sim::fault_plan::parse(plan, "journal").faults();
  fault_shrinker shrinker{registry, config, seed, signature};
  shrink_result result;
  result.original_faults = faults.size();
  auto minimal = shrinker.minimize(faults);
  result.minimal_faults = minimal.size();
  result.minimal_plan = fault_shrinker::text_of(minimal);
  result.confirmed = shrinker.fails(minimal); // the reported case must fail as reported
  result.runs = shrinker.runs();
  return result;
}

} // namespace cli
