// actors/exchange/bus.hpp: the bounded ring buffer between the feeds and the consumers.
// It holds at most `capacity` entries; past that it drops the oldest (policy drop-oldest)
// or, under policy block, never gets there because feeds send only what it has credited
// them. It serves one packet at a time (bus_cost per entry) and forwards each exchange's
// packets and heartbeats, in order, to that exchange's consumer.
#pragma once

#include "detsim/actors/exchange/exchange_stats.hpp"
#include "detsim/actors/exchange/messages.hpp"
#include "detsim/runtime/node_actor.hpp"

#include <deque>

namespace detsim::actors::exchange {

struct bus_options {
  std::uint64_t capacity = 65536; ///< entries
  bool drop_oldest = true;        ///< false: policy block (credit flow)
  sim::duration cost{100};        ///< processing per entry
};

class exchange_bus final : public runtime::node_actor {
public:
  exchange_bus(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
               const std::vector<sim::node_id>* feeds, const std::vector<sim::node_id>* consumers,
               bus_options options, exchange_stats* stats);

  caf::behavior make_behavior() override;

private:
  struct item {
    bool is_heartbeat = false;
    packet data;
    heartbeat beat;
  };
  void accept(item i);
  void serve_next();
  void forward_front();
  void drop_overflow();
  void grant(std::uint32_t feed);

  const std::vector<sim::node_id>* feeds_;
  const std::vector<sim::node_id>* consumers_;
  bus_options options_;
  exchange_stats* stats_;
  std::deque<item> ring_;
  std::uint64_t occupancy_ = 0; ///< entries in the ring
  bool serving_ = false;        ///< the front item is being processed
  std::uint64_t epoch_ = 0;     ///< this incarnation's credit epoch (policy block)
  std::vector<std::uint64_t> forwarded_; ///< entries forwarded per feed in this epoch
};

} // namespace detsim::actors::exchange
