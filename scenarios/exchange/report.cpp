// scenarios/exchange/report.cpp: what the exchange load test measured, reported the way a
// load tester does: achieved TPS against the target, latency from each message's due
// time (and the uncorrected figure beside it), delta compression, per-exchange counts.
#include "detsim/scenarios/exchange/exchange_load.hpp"

#include "detsim/runtime/process_usage.hpp"

#include <fmt/format.h>

#include <cmath>

namespace detsim::scenarios::exchange {

namespace {

double us(std::int64_t ns) { return static_cast<double>(ns) / 1e3; }

} // namespace

std::vector<runtime::metric> exchange_load::metrics() const {
  const auto& s = *stats_;
  auto seconds = sim::to_seconds(duration_);
  auto target = feed_.trades_per_second * exchanges_;
  // A load tester counts what arrived within the test, not what trickled in after it.
  auto achieved = double(s.consumed_trades_in_window) / seconds;
  // Modelled: the busy share of feeds, bus and consumers. Realtime: what the process
  // really used, user plus system, per core over the run.
  auto actors = double(exchanges_ + consumers_ + 1);
  auto cpu_pct = real_costs_ ? 100.0 * (runtime::cpu_seconds() - cpu_at_start_) /
                                 (sim::to_seconds(length()) * runtime::processor_count())
                             : 100.0 * double(s.busy_ns) / (double(duration_.count()) * actors);
  return {
    {"achieved_tps", achieved, "/s"},
    {"achievement_pct", 100.0 * achieved / target, "%"},
    {"trades", double(s.trades), ""},
    {"book_updates", double(s.book_updates), ""},
    {"latency_p50_us", us(s.latency.quantile(0.5)), "us"},
    {"latency_p99_us", us(s.latency.quantile(0.99)), "us"},
    {"latency_p999_us", us(s.latency.quantile(0.999)), "us"},
    {"latency_max_us", us(s.latency.max()), "us"},
    {"latency_uncorrected_p99_us", us(s.uncorrected.quantile(0.99)), "us"},
    {"book_bytes_full", s.full_bytes, "B"},
    {"book_bytes_delta", s.delta_bytes, "B"},
    {"delta_saving_pct", s.full_bytes > 0 ? 100.0 * (1 - s.delta_bytes / s.full_bytes) : 0, "%"},
    {"dropped", double(s.dropped), ""},
    {"blocked", double(s.blocked), ""},
    {"gaps", double(s.gaps), ""},
    {"snapshots", double(s.snapshots), ""},
    {"cpu_pct", cpu_pct, "%"},
    {"rss_max_mb", double(runtime::peak_resident_bytes()) / (1 << 20), "MB"},
  };
}

std::vector<runtime::target> exchange_load::targets() const {
  // The seed's original targets and its achievement bar.
  return {
    {"Achieved TPS (99.9% of target)", "achievement_pct", ">=", 99.9, "%"},
    {"Latency P50", "latency_p50_us", "<", 100, "us"},
    {"Latency P99", "latency_p99_us", "<", 1000, "us"},
    {"Latency P99.9", "latency_p999_us", "<", 10000, "us"},
  };
}

std::vector<runtime::table> exchange_load::tables() const {
  runtime::table per{"Per exchange", {"exchange", "published", "consumer", "consumed"}, {}};
  for (std::uint32_t e = 0; e < exchanges_; ++e) {
    std::uint64_t consumed = 0;
    auto c = e % consumers_;
    auto found = views_[c]->find(e);
    if (found != views_[c]->end())
      consumed = found->second.applied;
    per.rows.push_back({fmt::format("exchange-{}", e), fmt::format("{}", truths_[e]->last_sequence),
                        fmt::format("consumer-{}", c), fmt::format("{}", consumed)});
  }
  return {per};
}

std::vector<runtime::plot> exchange_load::plots() const {
  runtime::plot tps{"Trades consumed per second", "simulated time (s)", "trades/s", {}};
  runtime::plot_series consumed{"consumed", {}};
  const auto& series = stats_->trades_consumed;
  auto bucket = sim::to_seconds(series.bucket());
  for (std::size_t b = 0; b < series.counts().size(); ++b)
    consumed.points.emplace_back(double(b) * bucket, double(series.counts()[b]) / bucket);
  tps.series.push_back(std::move(consumed));
  runtime::plot distribution{"Latency distribution (from due time)", "share of entries slower (1 - quantile)",
                             "latency (us)", {}};
  distribution.log_x = distribution.log_y = true;
  runtime::plot_series corrected{"from due time", {}}, naive{"from send (uncorrected)", {}};
  for (double tail = 0.5; tail >= 1e-5; tail /= 2) {
    corrected.points.emplace_back(tail, us(stats_->latency.quantile(1 - tail)));
    naive.points.emplace_back(tail, us(stats_->uncorrected.quantile(1 - tail)));
  }
  distribution.series = {std::move(corrected), std::move(naive)};
  return {tps, distribution};
}

std::vector<runtime::histogram_view> exchange_load::histograms() const {
  return {{"latency_seconds", &stats_->latency, 1e-9, "due time to consumption"},
          {"latency_uncorrected_seconds", &stats_->uncorrected, 1e-9, "send to consumption (uncorrected)"}};
}

} // namespace detsim::scenarios::exchange
