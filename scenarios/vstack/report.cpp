// scenarios/vstack/report.cpp: what the V-Stack system measured: metrics, the seed's
// pass/fail targets, smart vs naive side by side, and the plots of the HTML report.
#include "detsim/scenarios/vstack/system.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace detsim::scenarios::vstack {

namespace {

/// Playback numbers of one client kind (or of all clients).
struct playback_summary {
  double sessions = 0;
  double started = 0;
  double finished = 0;
  double startup_mean = 0;   // s
  double startup_p95 = 0;    // s
  double rebuffers_per_session = 0;
  double avg_buffer = 0;     // s
  double throughput = 0;     // Mbit/s while downloading: all chunk bits / all download time
  double response_p50 = 0;   // ms, client-observed read
  double failover_max = 0;   // s
  double failovers = 0;
  double hedges = 0;
  bool has_buffer = false;
  bool has_throughput = false;
};

double seconds(std::int64_t ns) {
  return static_cast<double>(ns) / 1e9;
}

playback_summary summarize(std::initializer_list<const actors::vstack::client_stats*> kinds) {
  actors::vstack::client_stats all;
  for (const auto* k : kinds) {
    all.sessions += k->sessions;
    all.started += k->started;
    all.finished += k->finished;
    all.rebuffers += k->rebuffers;
    all.startup.merge(k->startup);
    all.startup_seconds_sum += k->startup_seconds_sum;
    all.response.merge(k->response);
    all.failover.merge(k->failover);
    all.megabits += k->megabits;
    all.download_seconds += k->download_seconds;
    all.chunks += k->chunks;
    all.buffer_seconds_sum += k->buffer_seconds_sum;
    all.buffer_samples += k->buffer_samples;
    all.hedges += k->hedges;
  }
  playback_summary s;
  s.sessions = static_cast<double>(all.sessions);
  s.started = static_cast<double>(all.started);
  s.finished = static_cast<double>(all.finished);
  if (all.started) {
    s.startup_mean = all.startup_seconds_sum / static_cast<double>(all.started);
    s.startup_p95 = seconds(all.startup.quantile(0.95));
    s.rebuffers_per_session = static_cast<double>(all.rebuffers) / s.started;
  }
  s.has_buffer = all.buffer_samples > 0;
  if (s.has_buffer)
    s.avg_buffer = all.buffer_seconds_sum / static_cast<double>(all.buffer_samples);
  s.has_throughput = all.download_seconds > 0;
  if (s.has_throughput)
    s.throughput = all.megabits / all.download_seconds;
  s.response_p50 = static_cast<double>(all.response.quantile(0.5)) / 1e6;
  s.failover_max = seconds(all.failover.max());
  s.failovers = static_cast<double>(all.failover.count());
  s.hedges = static_cast<double>(all.hedges);
  return s;
}

/// Averages of nothing are left out, so a target on them reads "not measured", not 0.
void add_playback(std::vector<runtime::metric>& out, const std::string& prefix,
                  const playback_summary& s) {
  out.push_back({prefix + "sessions", s.sessions, ""});
  out.push_back({prefix + "sessions_started", s.started, ""});
  out.push_back({prefix + "sessions_finished", s.finished, ""});
  if (s.started > 0) {
    out.push_back({prefix + "startup_mean", s.startup_mean, "s"});
    out.push_back({prefix + "startup_p95", s.startup_p95, "s"});
    out.push_back({prefix + "rebuffers_per_session", s.rebuffers_per_session, ""});
  }
  if (s.has_buffer)
    out.push_back({prefix + "avg_buffer", s.avg_buffer, "s"});
  if (s.has_throughput) {
    out.push_back({prefix + "throughput", s.throughput, "Mbit/s"});
    out.push_back({prefix + "read_response_p50", s.response_p50, "ms"});
  }
  if (s.failovers > 0)
    out.push_back({prefix + "failover_max", s.failover_max, "s"});
  out.push_back({prefix + "failovers", s.failovers, ""});
  out.push_back({prefix + "hedged_reads", s.hedges, ""});
}

std::string percent_better(double smart, double naive, bool lower_is_better) {
  if (naive == 0 && smart == 0)
    return "equal";
  if (naive == 0)
    return lower_is_better ? "worse (naive 0)" : "n/a";
  double change = (lower_is_better ? naive - smart : smart - naive) / naive * 100;
  return fmt::format("{:+.0f}%", change);
}

/// Points (bucket start, numerator / denominator) for buckets with a denominator.
template <class Denominator>
runtime::plot_series ratio_series(const std::string& label, const std::vector<double>& numerators,
                         const std::vector<Denominator>& denominators, double step) {
  runtime::plot_series series{label, {}};
  for (std::size_t i = 0; i < numerators.size(); ++i)
    if (denominators[i] > 0)
      series.points.emplace_back(static_cast<double>(i) * step,
                                 numerators[i] / static_cast<double>(denominators[i]));
  return series;
}

} // namespace

std::vector<runtime::metric> vstack_system::metrics() const {
  std::vector<runtime::metric> out;
  add_playback(out, "", summarize({&smart_, &naive_}));
  if (smart_.sessions && naive_.sessions) {
    add_playback(out, "smart_", summarize({&smart_}));
    add_playback(out, "naive_", summarize({&naive_}));
  }
  // Where chunks came from (the seed's dashboard shows download sources).
  for (auto kind : {actors::vstack::client_kind::smart, actors::vstack::client_kind::naive})
    for (std::size_t i = 0; i < storage_.size(); ++i)
      if (auto from = stats_of(kind).chunks_from.find(storage_[i]);
          from != stats_of(kind).chunks_from.end())
        out.push_back({fmt::format("{}_chunks_from_node-{}", actors::vstack::to_string(kind), i),
                       static_cast<double>(from->second), ""});
  out.push_back({"concurrent_playback", static_cast<double>(audit_.max_playing), "clients"});
  out.push_back({"chunks_played_and_checked", static_cast<double>(audit_.checked), ""});
  auto ms = [](std::int64_t ns) { return static_cast<double>(ns) / 1e6; };
  if (storage_stats_.service_latency.count()) {
    out.push_back({"storage_latency_p50", ms(storage_stats_.service_latency.quantile(0.5)), "ms"});
    out.push_back({"storage_latency_p99", ms(storage_stats_.service_latency.quantile(0.99)), "ms"});
    out.push_back({"node_response_p50", ms(storage_stats_.first_byte.quantile(0.5)), "ms"});
    out.push_back({"node_response_p99", ms(storage_stats_.first_byte.quantile(0.99)), "ms"});
  }
  out.push_back({"node_reads", static_cast<double>(storage_stats_.reads), ""});
  out.push_back({"node_reads_shed", static_cast<double>(storage_stats_.shed), ""});
  out.push_back({"node_reads_shed_memory", static_cast<double>(storage_stats_.shed_for_memory), ""});
  out.push_back({"concurrent_uploads", static_cast<double>(uploads_.max_uploading), ""});
  out.push_back({"chunk_uploads_in_flight_max", static_cast<double>(uploads_.max_in_flight), ""});
  out.push_back({"chunks_acknowledged", static_cast<double>(checker_.acknowledged().size()), ""});
  out.push_back({"chunks_chosen", static_cast<double>(checker_.chunks_chosen()), ""});
  out.push_back({"consensus_messages_per_chunk",
                 uploads_.chosen ? static_cast<double>(uploads_.messages) / uploads_.chosen : 0,
                 ""});
  out.push_back({"conflicts_resolved", static_cast<double>(uploads_.adopted), ""});
  out.push_back({"replicas_added_hot", static_cast<double>(manager_stats_.added_hot), ""});
  out.push_back({"replicas_added_at_risk", static_cast<double>(manager_stats_.added_at_risk), ""});
  out.push_back({"replicas_dropped", static_cast<double>(manager_stats_.dropped), ""});
  out.push_back({"replication_mean",
                 manager_stats_.samples ? manager_stats_.replica_samples / manager_stats_.samples
                                        : 0,
                 ""});
  out.push_back({"replication_max", static_cast<double>(manager_stats_.max_replicas_seen), ""});
  return out;
}

std::vector<runtime::target> seed_targets() {
  return {
    {"Startup latency (mean)", "startup_mean", "<", 2, "s"},
    {"Rebuffering events per session", "rebuffers_per_session", "<=", 1, ""},
    {"Average buffer", "avg_buffer", ">", 20, "s"},
    {"Storage node latency (p50)", "storage_latency_p50", "<", 10, "ms"},
    {"Concurrent uploads", "concurrent_uploads", ">=", 10, ""},
    {"Concurrent playback clients", "concurrent_playback", ">=", 100, ""},
    {"Average throughput", "throughput", ">", 40, "Mbit/s"},
    {"Node response time (p50)", "node_response_p50", "<", 50, "ms"},
    {"Failover after a node failure (max)", "failover_max", "<", 5, "s"},
  };
}

std::vector<runtime::table> vstack_system::tables() const {
  if (comparison_table_)
    return {comparison()};
  return {};
}

runtime::table vstack_system::comparison() const {
  auto smart = summarize({&smart_});
  auto naive = summarize({&naive_});
  runtime::table t{"Smart vs naive (same seed, same network, same moment)",
          {"measure", "smart", "naive", "smart's improvement"},
          {}};
  auto row = [&](const char* label, double s, double n, const char* unit, bool lower) {
    t.rows.push_back({label, fmt::format("{:.3g} {}", s, unit), fmt::format("{:.3g} {}", n, unit),
                      percent_better(s, n, lower)});
  };
  row("startup latency (mean)", smart.startup_mean, naive.startup_mean, "s", true);
  row("startup latency (p95)", smart.startup_p95, naive.startup_p95, "s", true);
  row("rebuffering events per session", smart.rebuffers_per_session,
      naive.rebuffers_per_session, "", true);
  row("download throughput", smart.throughput, naive.throughput, "Mbit/s", false);
  row("buffer health (mean level)", smart.avg_buffer, naive.avg_buffer, "s", false);
  row("failover (max)", smart.failover_max, naive.failover_max, "s", true);
  return t;
}

std::vector<runtime::plot> vstack_system::plots() const {
  runtime::plot buffer{"Buffer level over time", "simulated time (s)", "mean buffer (s)", {}};
  runtime::plot throughput{"Chunk download throughput per client kind", "simulated time (s)",
                  "download throughput (Mbit/s)", {}};
  for (auto kind : {actors::vstack::client_kind::smart, actors::vstack::client_kind::naive}) {
    const auto& s = stats_of(kind);
    if (!s.sessions)
      continue;
    buffer.series.push_back(
      ratio_series(actors::vstack::to_string(kind), s.buffer_by_second, s.buffer_by_second_n, 1));
    throughput.series.push_back(
      ratio_series(actors::vstack::to_string(kind), s.megabits_by_5s, s.download_seconds_by_5s, 5));
  }
  return {buffer, throughput};
}

} // namespace detsim::scenarios::vstack
