// actors/phold/logical_process.cpp: receive one event, schedule one.
#include "detsim/actors/phold/logical_process.hpp"

#include <fmt/format.h>

namespace detsim::actors::phold {

logical_process::logical_process(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                                 phold_options options, phold_stats* stats)
  : runtime::node_actor(cfg, w, node), options_(options), stats_(stats) {}

caf::behavior logical_process::make_behavior() {
  for (std::uint32_t i = 0; i < options_.population; ++i)
    schedule();
  return {
    [this](const phold_event& event) {
      ++stats_->delivered;
      if (now().count() < event.due_ns && stats_->early.size() < 10)
        stats_->early.push_back(fmt::format("LP {} got an event due at {} ns at {} ns", node(),
                                            event.due_ns, now().count()));
      schedule();
    },
  };
}

void logical_process::schedule() {
  auto delay = options_.lookahead +
               sim::duration{static_cast<std::int64_t>(random().exponential(
                 static_cast<double>(options_.mean_delay.count())))};
  const auto& lps = *options_.lps;
  auto target = random().chance(options_.remote) ? lps[random().below(lps.size())] : node();
  ++stats_->scheduled;
  phold_event event{(now() + delay).count()};
  if (target == node())
    delayed_send(this, delay, event);
  else
    delayed_send(caf::actor_cast<caf::actor>(world_ref().lookup(target)), delay, event);
}

} // namespace detsim::actors::phold
