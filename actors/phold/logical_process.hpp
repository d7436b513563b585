// actors/phold/logical_process.hpp: one logical process of PHOLD (Fujimoto 1990), the
// standard discrete-event benchmark. Every event it receives schedules exactly one more,
// `lookahead` plus an exponential delay of mean `mean_delay` later, to a random LP with
// probability `remote`, else to itself; it starts with `population` events of its own.
// So the events in flight stay lps x population, and only the engine's speed is measured.
#pragma once

#include "detsim/runtime/message.hpp"
#include "detsim/runtime/node_actor.hpp"

#include <string>
#include <vector>

namespace detsim::actors::phold {

/// An event, carrying the time it is due.
struct phold_event {
  std::int64_t due_ns = 0;
};
DETSIM_MESSAGE(phold_event, "phold::event", x.due_ns)

struct phold_options {
  sim::duration lookahead{100'000};
  sim::duration mean_delay{1'000'000};
  double remote = 0.25;
  std::uint32_t population = 1;
  const std::vector<sim::node_id>* lps = nullptr;
};

struct phold_stats {
  std::uint64_t delivered = 0;
  std::uint64_t scheduled = 0;
  std::vector<std::string> early; ///< events delivered before their time
};

class logical_process final : public runtime::node_actor {
public:
  logical_process(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                  phold_options options, phold_stats* stats);

  caf::behavior make_behavior() override;

private:
  void schedule();

  phold_options options_;
  phold_stats* stats_;
};

} // namespace detsim::actors::phold
