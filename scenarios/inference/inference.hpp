// scenarios/inference/inference.hpp: the HalaAI inference-server stress test (seed 001):
// streaming clients with WebSocket keepalive against an LLM server whose one event loop
// blocks during prefill, so long prompts end in `1011 keepalive ping timeout` although the
// model was fine. With url=ws://... under the realtime engine the same clients load a
// real server instead of the model.
#pragma once

#include "detsim/actors/inference/client.hpp"
#include "detsim/actors/inference/inference_stats.hpp"
#include "detsim/actors/inference/server.hpp"
#include "detsim/runtime/registry.hpp"

#include <memory>

namespace detsim::scenarios::inference {

class inference_scenario final : public runtime::scenario {
public:
  explicit inference_scenario(sim::parameters& params);
  static runtime::scenario_info info();

  void announce(caf::actor_system_config& cfg) const override;
  sim::duration length() const override { return duration_; }
  void setup(runtime::world& w) override;
  std::vector<std::string> chaos_targets() const override;
  std::vector<runtime::invariant_result> check(runtime::world& w) override;
  std::vector<runtime::metric> metrics() const override;
  std::vector<runtime::table> tables() const override;
  std::vector<runtime::histogram_view> histograms() const override;
  std::vector<std::string> size_parameters() const override { return {"clients", "requests"}; }
  runtime::memory_estimate estimated_memory() const override;

private:
  bool real() const { return !client_.url.empty(); }

  sim::duration duration_;
  sim::link_profile link_;
  actors::inference::server_options server_;
  actors::inference::client_options client_;
  std::unique_ptr<actors::inference::inference_stats> stats_;
};

} // namespace detsim::scenarios::inference
