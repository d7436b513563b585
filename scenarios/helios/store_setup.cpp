// scenarios/helios/store_setup.cpp: the store's parameters, node and report.
#include "detsim/scenarios/helios/store_setup.hpp"

#include <fmt/format.h>

namespace detsim::scenarios::helios {

store_setup store_setup::take(sim::parameters& p, const std::string& scenario) {
  store_setup s;
  auto& server = s.server;
  server.commit_cost = p.take_duration("commit_cost", server.commit_cost,
                                       "modelled store time per committed state");
  server.read_cost = p.take_duration("read_cost", server.read_cost,
                                     "modelled store time per read (a jump by digest)");
  auto snapshot_every = p.take_int("snapshot_every", server.store.snapshot_every,
                                   "a full snapshot after this many deltas in a chain");
  sim::require_input(snapshot_every >= 1 && snapshot_every <= 255, scenario,
                     "snapshot_every must be between 1 and 255");
  sim::require_input(server.commit_cost.count() >= 0 && server.read_cost.count() >= 0, scenario,
                     "commit_cost and read_cost must not be negative");
  server.store.snapshot_every = static_cast<std::uint32_t>(snapshot_every);
  s.link.latency_min = p.take_duration("latency", std::chrono::microseconds(10),
                                       "one-way latency between clients and the store");
  s.link.latency_jitter_mean = p.take_duration("jitter", std::chrono::microseconds(2),
                                               "mean exponential extra latency");
  sim::require_input(s.link.latency_min.count() >= 0 && s.link.latency_jitter_mean.count() >= 0,
                     scenario, "latency and jitter must not be negative");
  s.link.fifo = true;
  return s;
}

sim::node_id store_setup::spawn(runtime::world& w, actors::helios::store_stats* stats,
                                actors::helios::store_probe* probe) const {
  return w.spawn_node<actors::helios::store_server>("store", "stores", server, stats, probe);
}

double quantile_us(const sim::histogram& h, double q) {
  return h.count() == 0 ? 0 : static_cast<double>(h.quantile(q)) / 1e3;
}

std::vector<runtime::metric> store_metrics(const actors::helios::store_stats& stats) {
  auto wall_s = static_cast<double>(stats.last_commit_wall_ns - stats.first_commit_wall_ns) / 1e9;
  auto per_state = stats.states == 0 ? 0.0 : double(stats.memory_bytes) / double(stats.states);
  auto ns = [](const sim::histogram& h, double q) {
    return h.count() == 0 ? 0.0 : static_cast<double>(h.quantile(q));
  };
  return {
    {"commits", double(stats.commits), ""},
    {"commits_per_wall_s", wall_s > 0 ? double(stats.commits) / wall_s : 0, "/s"},
    {"commit_cpu_ns_p50", ns(stats.commit_cpu_ns, 0.5), "ns"},
    {"commit_cpu_ns_p99", ns(stats.commit_cpu_ns, 0.99), "ns"},
    {"jump_cpu_ns_p50", ns(stats.get_cpu_ns, 0.5), "ns"},
    {"states", double(stats.states), ""},
    {"deduplicated", double(stats.deduplicated), ""},
    {"bytes_per_state", per_state, "B"},
    {"store_memory_mb", double(stats.memory_bytes) / 1e6, "MB"},
  };
}

std::vector<runtime::plot> store_plots(const actors::helios::store_stats& stats,
                                       const sim::histogram* latency) {
  std::vector<runtime::plot> plots;
  runtime::plot rate{"Commits per simulated second", "simulated time (s)", "commits/s", {}};
  runtime::plot_series commits{"commits/s", {}};
  auto bucket_s = sim::to_seconds(stats.commits_over_time.bucket());
  const auto& counts = stats.commits_over_time.counts();
  for (std::size_t i = 0; i < counts.size(); ++i)
    commits.points.emplace_back(double(i) * bucket_s, double(counts[i]) / bucket_s);
  rate.series.push_back(std::move(commits));
  plots.push_back(std::move(rate));

  runtime::plot growth{"States (the Merkle log's growth)", "simulated time (s)", "states", {}};
  runtime::plot memory{"Store memory", "simulated time (s)", "MB", {}};
  runtime::plot_series states{"states", {}}, bytes{"store memory", {}};
  for (const auto& sample : stats.growth) {
    auto t = sim::to_seconds(sample.at - sim::time_point{0});
    states.points.emplace_back(t, double(sample.states));
    bytes.points.emplace_back(t, double(sample.bytes) / 1e6);
  }
  growth.series.push_back(std::move(states));
  memory.series.push_back(std::move(bytes));
  plots.push_back(std::move(growth));
  plots.push_back(std::move(memory));

  if (latency && latency->count() > 0) {
    runtime::plot distribution{"Commit latency distribution (simulated)", "latency (us)",
                               "share of commits at or below", {}};
    runtime::plot_series cdf{"commits", {}};
    for (double q : {0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0})
      cdf.points.emplace_back(quantile_us(*latency, q), q);
    distribution.series.push_back(std::move(cdf));
    plots.push_back(std::move(distribution));
  }
  return plots;
}

} // namespace detsim::scenarios::helios
