// cli/live_metrics.cpp: run and campaign samples as Prometheus text, and --metrics-port.
#include "detsim/cli/live_metrics.hpp"

#include "detsim/cli/command_line.hpp"
#include "detsim/live/prometheus_text.hpp"

namespace detsim::cli {

namespace po = boost::program_options;

void add_metrics_port_option(po::options_description& options) {
  options.add_options()("metrics-port", po::value<std::string>(),
                        "serve live Prometheus metrics at http://127.0.0.1:PORT/metrics while it runs");
}

std::unique_ptr<live::metrics_server> start_metrics_server(const po::variables_map& vm) {
  if (!vm.count("metrics-port"))
    return nullptr;
  auto port = static_cast<std::uint16_t>(count_option(vm, "metrics-port", 1, 65535));
  return std::make_unique<live::metrics_server>(port);
}

namespace {

std::string label(const std::string& name, const std::string& value) {
  std::string escaped;
  for (char c : value)
    escaped += (c == '"' || c == '\\') ? std::string{'\\', c} : c == '\n' ? std::string{"\\n"} : std::string{c};
  return name + "=\"" + escaped + "\"";
}

} // namespace

std::string run_exposition(const harness::run_spec& spec, const harness::run_sample& sample) {
  const auto& stats = sample.stats;
  std::vector<live::sample_value> values{
    {"simulated_seconds", sim::to_seconds(sample.now), "simulated (realtime: wall) time reached", false},
    {"wall_seconds", sample.wall_seconds, "wall time the run has taken", false},
    {"steps_total", double(stats.steps), "engine steps taken", true},
    {"deliveries_total", double(stats.deliveries), "messages delivered", true},
    {"drops_total", double(stats.drops), "messages dropped by the network model or faults", true},
    {"deliveries_per_wall_second", sample.wall_seconds > 0 ? double(stats.deliveries) / sample.wall_seconds : 0,
     "messages delivered per wall second, over the run so far", false},
    {"run_finished", sample.finished ? 1.0 : 0.0, "1 once the run is over", false},
  };
  for (const auto& m : sample.scenario.metrics())
    values.push_back({"scenario_" + m.name, m.value, m.name + (m.unit.empty() ? "" : " (" + m.unit + ")"), false});
  std::vector<live::sample_histogram> histograms;
  for (const auto& h : sample.scenario.histograms())
    histograms.push_back({"scenario_" + h.name, h.values, h.scale, h.help});
  auto labels = label("scenario", spec.scenario) + "," + label("seed", std::to_string(spec.seed)) + "," +
                label("engine", spec.realtime ? "realtime" : "deterministic");
  return live::prometheus_text(values, histograms, labels);
}

std::string campaign_exposition(const std::string& scenario, const campaigns::campaign_progress& p) {
  std::vector<live::sample_value> values{
    {"campaign_runs_done_total", double(p.done), "runs finished", true},
    {"campaign_runs_planned", double(p.total), "runs planned (0: a campaign bounded by time)", false},
    {"campaign_failures_total", double(p.failures), "runs that failed", true},
    {"campaign_buckets", double(p.buckets), "distinct failure causes", false},
    {"campaign_runs_per_second", p.runs_per_second, "runs finished per wall second", false},
  };
  return live::prometheus_text(values, {}, label("scenario", scenario));
}

} // namespace detsim::cli
