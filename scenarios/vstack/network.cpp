// scenarios/vstack/network.cpp: vstack-network. The seed's network emulator demo as one
// seeded run of consecutive phases, each `phase` long: normal, high latency (+latency on
// every node's links), low bandwidth (node NICs at bandwidth_factor), packet loss, node
// failure (node-1 killed), recovery (node-1 back). Reports each phase per client kind.
#include "detsim/scenarios/vstack/scenarios.hpp"
#include "detsim/scenarios/vstack/system.hpp"

#include <fmt/format.h>

namespace detsim::scenarios::vstack {

namespace {

using namespace std::chrono_literals;

const char* const phase_names[] = {"normal",    "high latency", "low bandwidth",
                                   "packet loss", "node failure", "recovery"};
constexpr int phase_count = 6;

class vstack_network final : public vstack_system {
public:
  explicit vstack_network(sim::parameters& p)
    : vstack_system(p, "vstack-network", defaults()),
      phase_(p.take_duration("phase", 20s, "length of each emulator phase")),
      extra_latency_(p.take_duration("phase_latency", 150ms, "latency added in phase 2")),
      bandwidth_factor_(p.take_double("bandwidth_factor", 0.2, "NIC rate share in phase 3")),
      loss_(p.take_double("phase_loss", 0.05, "message loss in phase 4")) {
    require(phase_ >= 1s, "phase must be at least 1s");
    require(extra_latency_.count() >= 0, "phase_latency must not be negative");
    require(bandwidth_factor_ > 0 && bandwidth_factor_ <= 1, "bandwidth_factor must be in (0, 1]");
    require(loss_ >= 0 && loss_ < 1, "phase_loss must be in [0, 1)");
    add_bandwidth_phase(starts(2), starts(3), bandwidth_factor_);
  }

  sim::fault_plan builtin_faults() const override {
    auto at = [](sim::time_point t) { return sim::format_duration(t); };
    auto plan = vstack_system::builtin_faults();
    plan.append(sim::fault_plan::parse(
      fmt::format("from {} to {} latency +{} node nodes\n"
                  "from {} to {} loss {} node nodes\n"
                  "at {} kill node-1\n"
                  "at {} restart node-1",
                  at(starts(1)), at(starts(2)), at(extra_latency_), at(starts(3)), at(starts(4)),
                  loss_, at(starts(4)), at(starts(5))),
      "vstack-network phases"));
    return plan;
  }

  std::vector<runtime::table> tables() const override {
    runtime::table t{"Emulator phases",
            {"phase", "window", "smart Mbit/s", "naive Mbit/s", "smart buffer s",
             "naive buffer s", "rebuffers smart/naive"},
            {}};
    const auto& smart = stats_of(actors::vstack::client_kind::smart);
    const auto& naive = stats_of(actors::vstack::client_kind::naive);
    for (int i = 0; i < phase_count; ++i) {
      auto from = seconds_at(starts(i));
      auto to = i + 1 < phase_count ? seconds_at(starts(i + 1)) : seconds_at(length());
      auto throughput = [&](const actors::vstack::client_stats& k) {
        return ratio_over(k.megabits_by_5s, k.download_seconds_by_5s, from, to, 5);
      };
      auto buffer = [&](const actors::vstack::client_stats& k) {
        return ratio_over(k.buffer_by_second, k.buffer_by_second_n, from, to, 1);
      };
      t.rows.push_back({phase_names[i], fmt::format("{:.0f}-{:.0f} s", from, to),
                        fmt::format("{:.1f}", throughput(smart)),
                        fmt::format("{:.1f}", throughput(naive)),
                        fmt::format("{:.1f}", buffer(smart)), fmt::format("{:.1f}", buffer(naive)),
                        fmt::format("{}/{}", count_over(smart.rebuffers_by_second, from, to),
                                    count_over(naive.rebuffers_by_second, from, to))});
    }
    return {t};
  }

private:
  static vstack_defaults defaults() {
    vstack_defaults d;
    d.smart_share = 0.5;
    d.duration = 130s;
    return d;
  }

  sim::time_point starts(int phase) const { return phase_ * phase; }
  static double seconds_at(sim::time_point t) { return sim::to_seconds(t); }

  /// Sum of numerators over sum of denominators, for buckets starting in [from, to).
  template <class Denominator>
  static double ratio_over(const std::vector<double>& numerators,
                           const std::vector<Denominator>& denominators, double from, double to,
                           double step) {
    double top = 0, bottom = 0;
    for (std::size_t i = 0; i < numerators.size(); ++i) {
      double t = static_cast<double>(i) * step;
      if (t >= from && t < to) {
        top += numerators[i];
        bottom += static_cast<double>(denominators[i]);
      }
    }
    return bottom > 0 ? top / bottom : 0;
  }

  static std::uint64_t count_over(const std::vector<std::uint32_t>& counts, double from,
                                  double to) {
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < counts.size(); ++i)
      if (static_cast<double>(i) >= from && static_cast<double>(i) < to)
        total += counts[i];
    return total;
  }

  sim::duration phase_;
  sim::duration extra_latency_;
  double bandwidth_factor_;
  double loss_;
};

} // namespace

runtime::scenario_info vstack_network_info() {
  return {"vstack-network",
          "V-Stack (seed 003): the emulator's phases (latency, bandwidth, loss, failure, recovery)",
          [](sim::parameters& p) { return std::make_unique<vstack_network>(p); }};
}

} // namespace detsim::scenarios::vstack
