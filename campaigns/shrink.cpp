// campaigns/shrink.cpp: ddmin (Zeller) over fault lists, one isolated run per candidate.
#include "detsim/campaigns/shrink.hpp"

#include "detsim/sim/fault_plan.hpp"
#include "detsim/sim/parameters.hpp"

#include <cstdlib>
#include <map>

namespace detsim::campaigns {

namespace {

constexpr std::size_t max_trials = 200; // bounds the search on very long plans

class fault_shrinker {
public:
  fault_shrinker(const runtime::registry& registry, const campaign_config& config,
                 std::uint64_t seed, const std::string& signature)
    : registry_(registry), config_(config), seed_(seed), signature_(signature),
      parameters_(config.parameters) {}

  /// True if the run with exactly these faults (and no chaos) fails with the signature.
  bool fails(const std::vector<sim::fault>& faults) {
    return fails_with(faults, parameters_);
  }

  bool fails_with(const std::vector<sim::fault>& faults, const std::vector<std::string>& params) {
    ++runs_;
    auto spec = config_.spec_for(seed_);
    spec.parameters = params;
    spec.faults = text_of(faults);
    spec.chaos.clear();
    // Exactly these faults: the scenario's built-in ones are candidates like any other.
    spec.plan_is_final = true;
    return run_isolated(registry_, spec, config_.limits).signature == signature_;
  }

  /// Lowers each size parameter (binary search towards 1) while the failure stays.
  void shrink_sizes(const std::vector<sim::fault>& faults, const std::vector<std::string>& names,
                    const std::map<std::string, std::string>& effective,
                    std::vector<std::string>& report) {
    for (auto& name : names) {
      auto it = effective.find(name);
      if (it == effective.end())
        continue;
      auto original = std::strtoll(it->second.c_str(), nullptr, 10);
      std::int64_t low = 1, high = original; // `high` is known to fail
      while (low < high && runs_ < max_trials) {
        auto mid = low + (high - low) / 2;
        if (fails_with(faults, with_value(name, mid)))
          high = mid;
        else
          low = mid + 1;
      }
      if (high < original) {
        parameters_ = with_value(name, high);
        report.push_back(name + ": " + std::to_string(original) + " -> " + std::to_string(high));
      }
    }
  }

  const std::vector<std::string>& parameters() const { return parameters_; }

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
  std::vector<std::string> with_value(const std::string& name, std::int64_t value) const {
    std::vector<std::string> params;
    for (auto& p : parameters_)
      if (p.compare(0, name.size() + 1, name + "=") != 0)
        params.push_back(p);
    params.push_back(name + "=" + std::to_string(value));
    return params;
  }

  const runtime::registry& registry_;
  const campaign_config& config_;
  std::uint64_t seed_;
  std::string signature_;
  std::vector<std::string> parameters_;
  std::size_t runs_ = 0;
};

/// The scenario's size parameters and every parameter's effective value.
std::pair<std::vector<std::string>, std::map<std::string, std::string>>
size_parameters(const runtime::registry& registry, const campaign_config& config) {
  auto params = sim::parameters::parse(config.parameters);
  auto scenario = registry.find(config.scenario)->make(params);
  return {scenario->size_parameters(), params.effective()};
}

} // namespace

shrink_result shrink_faults(const runtime::registry& registry, const campaign_config& config,
                            std::uint64_t seed, const std::string& plan,
                            const std::string& signature) {
  auto faults = sim::fault_plan::parse(plan, "journal").faults();
  fault_shrinker shrinker{registry, config, seed, signature};
  shrink_result result;
  result.original_faults = faults.size();
  auto minimal = shrinker.minimize(faults);
  auto [sizes, effective] = size_parameters(registry, config);
  shrinker.shrink_sizes(minimal, sizes, effective, result.shrunk_sizes);
  result.minimal_faults = minimal.size();
  result.minimal_plan = fault_shrinker::text_of(minimal);
  result.parameters = shrinker.parameters();
  result.confirmed = shrinker.fails(minimal); // the reported case must fail as reported
  result.runs = shrinker.runs();
  return result;
}

} // namespace detsim::campaigns
