// actors/exchange/feed.hpp: one exchange's market-data feed. On its rate schedule it
// publishes trades and order-book deltas (book_ratio per trade), each with the next
// sequence number and its due time, packs what came due each tick into a packet and sends
// it to the bus after its own processing time (feed_cost per entry). Under the block
// policy it sends only what the bus has room for and holds the rest. It answers snapshot
// requests with the exchange's whole state, and sends a heartbeat with its last sequence.
#pragma once

#include "detsim/actors/exchange/exchange_stats.hpp"
#include "detsim/actors/exchange/messages.hpp"
#include "detsim/runtime/node_actor.hpp"

#include <deque>

namespace detsim::actors::exchange {

struct feed_options {
  double trades_per_second = 10000;
  double book_ratio = 0.5;               ///< book updates per trade
  std::uint32_t symbols = 100;
  std::uint32_t depth = 10;
  sim::duration tick{100'000};           ///< packing interval
  sim::duration cost{200};               ///< processing per entry
  sim::duration heartbeat_every{100'000'000};
  sim::time_point stop_at{0};
  bool credit_flow = false;              ///< overflow policy block
};

class exchange_feed final : public runtime::node_actor {
public:
  exchange_feed(caf::actor_config& cfg, runtime::world& w, sim::node_id node, std::uint32_t index,
                sim::node_id bus, feed_options options, exchange_truth* truth, exchange_stats* stats);

  caf::behavior make_behavior() override;

private:
  sim::time_point due_of(std::uint64_t index, double rate) const;
  void publish_due();
  entry next_entry(bool is_trade, sim::time_point due);
  void send_held();

  std::uint32_t index_;
  sim::node_id bus_;
  feed_options options_;
  exchange_truth& truth_;
  exchange_stats* stats_;
  std::deque<entry> held_;     ///< published, not yet sent
  std::uint64_t epoch_ = 0;   ///< the bus start its credit is from (0: none yet)
  std::uint64_t granted_ = 0; ///< entries the bus granted in this epoch
  std::uint64_t sent_ = 0;    ///< entries sent in this epoch
  std::uint64_t counted_blocked_ = 0; ///< held entries already counted as blocked
  std::uint64_t last_sent_ = 0; ///< sequence
  sim::time_point busy_until_{0};
};

} // namespace detsim::actors::exchange
