// scenarios/ingest/report.cpp: what the ingest pipeline measured, the seed's status rule
// (pass, degraded: P99 over its bound, overload: throughput below what was offered) and
// its targets, and a per-space table.
#include "detsim/scenarios/ingest/ingest.hpp"

#include <fmt/format.h>

namespace detsim::scenarios::ingest {

namespace {

double ms(std::int64_t ns) { return static_cast<double>(ns) / 1e6; }

/// Throughput below this share of the offered rate is overload (the pipeline falls behind).
constexpr double keeps_up = 0.95;

/// More lines than this make the depth chart unreadable.
constexpr std::uint32_t max_plotted_spaces = 16;

} // namespace

ingest_status ingest_scenario::status() const {
  auto seconds = sim::to_seconds(duration_);
  if (double(stats_->indexed) / seconds < keeps_up * double(stats_->offered) / seconds)
    return ingest_status::overload;
  if (stats_->latency.quantile(0.99) > p99_bound_.count())
    return ingest_status::degraded;
  return ingest_status::pass;
}

std::vector<runtime::metric> ingest_scenario::metrics() const {
  auto seconds = sim::to_seconds(duration_);
  auto per_second = [seconds](std::uint64_t n) { return static_cast<double>(n) / seconds; };
  std::int64_t worker_busy = 0;
  for (auto busy : stats_->worker_busy_ns)
    worker_busy += busy;
  auto pool_ns = double(duration_.count()) * workers_;
  auto cpu_ns = double(duration_.count()) * cpu_.cores;
  const auto& s = *stats_;
  return {
    {"throughput_obs_s", per_second(s.indexed), "/s"},
    {"offered_obs_s", per_second(s.offered), "/s"},
    {"latency_p50_ms", ms(s.latency.quantile(0.5)), "ms"},
    {"latency_p99_ms", ms(s.latency.quantile(0.99)), "ms"},
    {"latency_p999_ms", ms(s.latency.quantile(0.999)), "ms"},
    {"queue_depth_p99", static_cast<double>(s.queue_depth.quantile(0.99)), ""},
    {"backpressure_events", static_cast<double>(s.backpressure_events), ""},
    {"rejected", static_cast<double>(s.rejected), ""},
    {"steals", static_cast<double>(s.steals), ""},
    {"worker_utilization_pct", 100.0 * double(worker_busy) / pool_ns, "%"},
    {"cpu_pct", 100.0 * double(s.cpu_busy_ns) / cpu_ns, "%"},
    {"memory_mb", s.memory_peak_bytes / (1024.0 * 1024.0), "MB"},
    {"status", static_cast<double>(status()), "0 pass, 1 degraded, 2 overload"},
    {"accepted", static_cast<double>(s.accepted), ""},
    {"indexed", static_cast<double>(s.indexed), ""},
    {"batches", static_cast<double>(s.batches), ""},
    {"batch_mean", s.batches ? double(s.indexed) / double(s.batches) : 0, ""},
    {"requeued_batches", static_cast<double>(s.requeued_batches), ""},
  };
}

std::vector<runtime::target> ingest_scenario::targets() const {
  return {
    {"Throughput keeps up with the offered rate (95%)", "throughput_obs_s", ">=",
     keeps_up * rate_, "obs/s"},
    {"P99 latency within its bound", "latency_p99_ms", "<=", ms(p99_bound_.count()), "ms"},
  };
}

std::vector<runtime::table> ingest_scenario::tables() const {
  const char* names[] = {"pass", "degraded", "overload"};
  runtime::table verdict{"Status by the seed's rule", {"status", "rule"}, {}};
  verdict.rows.push_back({names[static_cast<int>(status())],
                          fmt::format("overload: throughput < {:.0f}% of offered; degraded: P99 > {:.0f} ms",
                                      keeps_up * 100, ms(p99_bound_.count()))});
  runtime::table spaces{"Per space", {"space", "indexed", "throughput (obs/s)", "P50 (ms)", "P99 (ms)"}, {}};
  auto seconds = sim::to_seconds(duration_);
  for (std::uint32_t i = 0; i < spaces_; ++i) {
    const auto& latency = stats_->space_latency[i];
    auto quantile = [&latency](double q) {
      return latency.count() ? fmt::format("{:.3g}", ms(latency.quantile(q))) : std::string{"-"};
    };
    spaces.rows.push_back({fmt::format("space-{}", i), fmt::format("{}", stats_->space_indexed[i]),
                           fmt::format("{:.0f}", double(stats_->space_indexed[i]) / seconds),
                           quantile(0.5), quantile(0.99)});
  }
  runtime::table workers{"Per worker", {"worker", "batches", "stolen", "busy (%)"}, {}};
  for (std::uint32_t i = 0; i < workers_; ++i)
    workers.rows.push_back({fmt::format("worker-{}", i), fmt::format("{}", stats_->worker_batches[i]),
                            fmt::format("{}", stats_->worker_steals[i]),
                            fmt::format("{:.1f}", 100.0 * double(stats_->worker_busy_ns[i]) /
                                                    double(duration_.count()))});
  return {verdict, spaces, workers};
}

std::vector<runtime::plot> ingest_scenario::plots() const {
  using stats = actors::ingest::ingest_stats;
  auto bucket_seconds = sim::to_seconds(stats::bucket);
  auto series = [&](std::string label, const std::vector<std::uint64_t>& values, double scale) {
    runtime::plot_series out{std::move(label), {}};
    for (std::size_t b = 0; b < values.size(); ++b)
      out.points.emplace_back(double(b) * bucket_seconds, double(values[b]) * scale);
    return out;
  };
  runtime::plot throughput{"Indexed observations per second", "simulated time (s)", "obs/s", {}};
  throughput.series.push_back(series("indexed", stats_->indexed_by_bucket, 1 / bucket_seconds));
  runtime::plot depth{"Queue depth per space (largest in each 100 ms)", "simulated time (s)",
                      "observations queued", {}};
  for (std::uint32_t i = 0; i < spaces_ && i < max_plotted_spaces; ++i)
    depth.series.push_back(series(fmt::format("space-{}", i), stats_->depth_max_by_bucket[i], 1));
  return {throughput, depth};
}

std::vector<runtime::histogram_view> ingest_scenario::histograms() const {
  return {{"latency_seconds", &stats_->latency, 1e-9, "observation due to indexed"}};
}

} // namespace detsim::scenarios::ingest
