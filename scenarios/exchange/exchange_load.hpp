// scenarios/exchange/exchange_load.hpp: the AlphaPulse market-data load test (seed 002):
// exchange feeds publish trades and order-book deltas at a target rate into a bounded
// ring-buffer bus; consumers keep every exchange's book from the deltas, repairing gaps
// with snapshots. Measured like a load tester: latency from each message's due time.
#pragma once

#include "detsim/actors/exchange/bus.hpp"
#include "detsim/actors/exchange/consumer.hpp"
#include "detsim/actors/exchange/exchange_stats.hpp"
#include "detsim/actors/exchange/feed.hpp"
#include "detsim/runtime/registry.hpp"

#include <memory>

namespace detsim::scenarios::exchange {

class exchange_load final : public runtime::scenario {
public:
  explicit exchange_load(sim::parameters& params);
  static runtime::scenario_info info();

  void announce(caf::actor_system_config& cfg) const override;
  sim::duration length() const override { return duration_ + drain_; }
  void setup(runtime::world& w) override;
  std::vector<std::string> chaos_targets() const override;
  std::vector<runtime::invariant_result> check(runtime::world& w) override;
  std::vector<runtime::metric> metrics() const override;
  std::vector<runtime::target> targets() const override;
  std::vector<runtime::table> tables() const override;
  std::vector<runtime::plot> plots() const override;
  std::vector<runtime::histogram_view> histograms() const override;
  std::vector<std::string> size_parameters() const override { return {"exchanges", "consumers"}; }
  runtime::memory_estimate estimated_memory() const override;

private:
  std::uint32_t exchanges_ = 0;
  std::uint32_t consumers_ = 0;
  sim::duration duration_;
  sim::duration drain_;
  sim::link_profile link_;
  actors::exchange::feed_options feed_;
  actors::exchange::bus_options bus_;
  actors::exchange::consumer_options consumer_;
  std::vector<sim::node_id> feed_nodes_;
  std::vector<sim::node_id> consumer_nodes_;
  sim::node_id bus_node_ = 0;
  std::vector<std::unique_ptr<actors::exchange::exchange_truth>> truths_;
  std::vector<std::unique_ptr<actors::exchange::consumer_view>> views_;
  std::unique_ptr<actors::exchange::exchange_stats> stats_;
  bool real_costs_ = false;  ///< the engine measures real costs (realtime): CPU is measured
  double cpu_at_start_ = 0;
};

} // namespace detsim::scenarios::exchange
