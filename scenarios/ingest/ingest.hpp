// scenarios/ingest/ingest.hpp: the Engram streaming-ingest pipeline (seed 004): producers
// stream observations into isolated spaces with three priority queues; a worker pool with
// adaptive batching and work stealing indexes them on a modelled multi-core CPU.
#pragma once

#include "detsim/actors/ingest/delivery_checker.hpp"
#include "detsim/actors/ingest/host_cpu.hpp"
#include "detsim/actors/ingest/ingest_stats.hpp"
#include "detsim/actors/ingest/pipeline_state.hpp"
#include "detsim/actors/ingest/producer.hpp"
#include "detsim/actors/ingest/space.hpp"
#include "detsim/actors/ingest/worker.hpp"
#include "detsim/runtime/registry.hpp"

#include <memory>

namespace detsim::scenarios::ingest {

/// What the seed calls pass, degraded and overload (the `status` metric's values).
enum class ingest_status { pass = 0, degraded = 1, overload = 2 };

class ingest_scenario final : public runtime::scenario {
public:
  explicit ingest_scenario(sim::parameters& params);
  static runtime::scenario_info info();

  void announce(caf::actor_system_config& cfg) const override;
  sim::duration length() const override { return duration_; }
  void setup(runtime::world& w) override;
  std::vector<std::string> chaos_targets() const override;
  std::vector<runtime::invariant_result> check(runtime::world& w) override;
  std::vector<runtime::metric> metrics() const override;
  std::vector<runtime::target> targets() const override;
  std::vector<runtime::table> tables() const override;
  std::vector<runtime::plot> plots() const override;
  std::vector<runtime::histogram_view> histograms() const override;
  std::vector<std::string> size_parameters() const override;
  runtime::memory_estimate estimated_memory() const override;

  ingest_status status() const;

private:
  void read_pipeline(sim::parameters& p);
  void read_costs(sim::parameters& p);
  /// End of run: the backlog's waiting so far into latency, the last depth interval.
  void close_books(runtime::world& w);

  double rate_ = 0;
  sim::duration duration_;
  std::uint32_t producers_ = 0;
  std::uint32_t spaces_ = 0;
  std::uint32_t workers_ = 0;
  std::uint64_t index_preload_ = 0;
  std::uint32_t dimensions_ = 768;
  sim::duration p99_bound_;
  sim::link_profile client_link_;
  sim::link_profile local_link_;
  actors::ingest::producer_options producer_;
  actors::ingest::space_options space_;
  actors::ingest::worker_options worker_;
  actors::ingest::cpu_options cpu_;
  std::vector<sim::node_id> space_nodes_;
  std::vector<sim::node_id> worker_nodes_;
  std::vector<sim::node_id> producer_nodes_;
  std::unique_ptr<actors::ingest::pipeline_state> state_;
  std::unique_ptr<actors::ingest::ingest_stats> stats_;
  std::unique_ptr<actors::ingest::delivery_checker> checker_;
};

} // namespace detsim::scenarios::ingest
