// campaigns/sweep.cpp: the sweep's parameters and its saved form.
#include "detsim/campaigns/sweep.hpp"

#include "detsim/campaigns/json_fields.hpp"
#include "detsim/sim/parameters.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace detsim::campaigns {

harness::run_spec sweep_config::spec_for(const sweep_point& p, std::uint64_t seed) const {
  harness::run_spec spec;
  spec.program = program;
  spec.scenario = scenario;
  spec.parameters = fixed;
  for (const auto& [name, value] : p)
    spec.parameters.push_back(name + "=" + value);
  spec.seed = seed;
  spec.faults = faults;
  spec.chaos = chaos;
  spec.max_wall_seconds = limits.wall_seconds;
  spec.max_memory = max_memory;
  spec.realtime = realtime;
  spec.threads = threads;
  return spec;
}

void add_parameters(sweep_config& config, const std::vector<std::string>& profiles,
                    const std::vector<std::string>& items) {
  std::vector<axis> all;
  auto set = [&](axis a) {
    auto same = std::find_if(all.begin(), all.end(), [&](const axis& x) { return x.name == a.name; });
    if (same != all.end())
      *same = std::move(a);
    else
      all.push_back(std::move(a));
  };
  for (const auto& file : profiles)
    for (const auto& item : read_profile(file))
      set(axis{item.substr(0, item.find('=')), {item.substr(item.find('=') + 1)}});
  for (const auto& item : items)
    set(parse_axis(item));
  config.fixed.clear();
  config.axes.clear();
  for (auto& a : all) {
    if (a.values.size() == 1)
      config.fixed.push_back(a.name + "=" + a.values.front());
    else
      config.axes.push_back(std::move(a));
  }
}

std::string sweep_config::to_json() const {
  auto axes_json = nlohmann::json::array();
  for (const auto& a : axes)
    axes_json.push_back({{"name", a.name}, {"values", a.values}});
  nlohmann::json j{{"scenario", scenario},     {"fixed", fixed},
                   {"axes", axes_json},        {"first_seed", first_seed},
                   {"last_seed", last_seed},   {"faults", faults},
                   {"chaos", chaos},           {"jobs", jobs},
                   {"run_wall_limit", limits.wall_seconds},
                   {"run_memory_mb", limits.memory_mb}, {"max_memory", max_memory},
                   {"engine", realtime ? "realtime" : "deterministic"}, {"threads", threads}};
  return j.dump(2) + "\n";
}

sweep_config sweep_config::from_json(const std::string& text, const std::string& origin) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw sim::input_error("sweep config '" + origin + "' is not valid JSON");
  try {
    sweep_config c;
    c.scenario = string_field(j, "scenario");
    c.fixed = strings_field(j, "fixed");
    if (!j.contains("axes") || !j.at("axes").is_array())
      throw std::runtime_error("'axes' must be a list");
    for (const auto& a : j.at("axes")) {
      if (!a.is_object())
        throw std::runtime_error("'axes' must hold objects");
      c.axes.push_back({string_field(a, "name"), strings_field(a, "values")});
    }
    c.first_seed = count_field(j, "first_seed");
    c.last_seed = count_field(j, "last_seed");
    c.faults = string_field(j, "faults");
    c.chaos = string_field(j, "chaos");
    c.jobs = static_cast<unsigned>(count_field(j, "jobs", 1024));
    c.limits.wall_seconds = number_field(j, "run_wall_limit");
    c.limits.memory_mb = count_field(j, "run_memory_mb", SIZE_MAX >> 20);
    c.max_memory = count_field(j, "max_memory");
    // Sweeps saved before the realtime engine have no engine: they were deterministic.
    auto engine = j.contains("engine") ? string_field(j, "engine") : std::string{"deterministic"};
    if (engine != "deterministic" && engine != "realtime")
      throw std::runtime_error("'engine' must be deterministic or realtime");
    c.realtime = engine == "realtime";
    c.threads = j.contains("threads") ? count_field(j, "threads", 1024) : 0;
    if (c.last_seed < c.first_seed || c.jobs == 0 || c.limits.wall_seconds <= 0)
      throw std::runtime_error("seeds, jobs or run_wall_limit out of range");
    grid(c.axes); // refuses a grid over the bound
    return c;
  } catch (const sim::input_error&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw sim::input_error("sweep config '" + origin + "': " + e.what());
  }
}

} // namespace detsim::campaigns
