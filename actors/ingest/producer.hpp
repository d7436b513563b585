// actors/ingest/producer.hpp: a client streaming observations into the ingest server. It
// emits `client_batch` observations at Poisson instants (its share of the rate), each
// group to one space (skewed towards space 0 by `skew`) at one priority. When a space asks
// for backpressure it holds its sends that long and then sends what came due meanwhile;
// latency counts from when an observation was due, not when it was finally sent.
#pragma once

#include "detsim/actors/ingest/delivery_checker.hpp"
#include "detsim/actors/ingest/ingest_stats.hpp"
#include "detsim/actors/ingest/messages.hpp"
#include "detsim/actors/ingest/pipeline_state.hpp"
#include "detsim/runtime/node_actor.hpp"

#include <vector>

namespace detsim::actors::ingest {

struct producer_options {
  double rate = 25000;             ///< observations per simulated second, this producer's share
  std::uint32_t client_batch = 10; ///< observations per send
  double skew = 0;                 ///< extra share of all observations that goes to space 0
  double high_share = 0.1;
  double low_share = 0.2;
  sim::time_point stop_at{0};      ///< emits nothing due at or after this
  sim::duration request_timeout{1'000'000'000};
};

class ingest_producer final : public runtime::node_actor {
public:
  ingest_producer(caf::actor_config& cfg, runtime::world& w, sim::node_id node, std::uint32_t index,
                  const std::vector<sim::node_id>* spaces, producer_options options,
                  pipeline_state* state, ingest_stats* stats, delivery_checker* checker);

  caf::behavior make_behavior() override;

private:
  void emit(sim::time_point due);
  sim::duration draw_gap();
  void schedule_next();
  void flush();
  void send_to_space(std::uint32_t space, std::vector<segment> segments);
  std::uint32_t draw_space();
  std::uint8_t draw_priority();

  std::uint32_t index_;
  const std::vector<sim::node_id>* spaces_;
  producer_options options_;
  producer_slot& slot_;
  ingest_stats* stats_;
  delivery_checker* checker_;
  std::vector<std::vector<segment>> pending_; ///< by space, due but not yet sent
  sim::time_point paused_until_{0};
  sim::time_point next_due_{0}; ///< the rate schedule's next instant
};

} // namespace detsim::actors::ingest
