// actors/helios/log_writer.hpp: the writer of helios-recovery. Every `interval` it sends
// a batch of `batch` new states to the store, each a one-square change of a random state
// acknowledged before (a search tree growing in breadth), until `states` are written and
// one batch more: that last one is still being synced when the scenario crashes the
// store. It keeps every digest the store acknowledged, for the check after recovery.
#pragma once

#include "detsim/actors/helios/messages.hpp"
#include "detsim/runtime/node_actor.hpp"

#include <string>
#include <vector>

namespace detsim::actors::helios {

struct log_writer_options {
  std::uint64_t states = 1'000'000;
  std::uint32_t batch = 1000;
  sim::duration interval{2'000'000};
};

struct log_writer_stats {
  std::vector<std::string> acknowledged; ///< digests the store acknowledged (durable)
  std::uint64_t sent = 0;
  std::uint64_t refused = 0;
};

/// The writer's own timer.
struct writer_tick {};
DETSIM_MESSAGE(writer_tick, "helios::writer_tick")

class log_writer final : public runtime::node_actor {
public:
  log_writer(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
             sim::node_id store_node, log_writer_options options, log_writer_stats* stats);

  caf::behavior make_behavior() override;

  /// Batches the writer sends: enough for `states`, and one more.
  static std::uint64_t batches(const log_writer_options& options) {
    return (options.states + options.batch - 1) / options.batch + 1;
  }

private:
  void send_batch();

  sim::node_id store_node_;
  log_writer_options options_;
  log_writer_stats* stats_;
  std::uint64_t batches_sent_ = 0;
  std::string root_;
};

} // namespace detsim::actors::helios
