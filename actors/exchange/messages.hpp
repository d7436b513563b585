// actors/exchange/messages.hpp: the exchange-feed pipeline's message types (seed 002), each
// declared once with DETSIM_MESSAGE.
#pragma once

#include "detsim/runtime/message.hpp"

#include <cstdint>
#include <vector>

namespace detsim::actors::exchange {

enum entry_kind : std::uint8_t { trade = 0, book_update = 1 };

/// One market-data message: a trade, or an order-book delta (a level's new quantity).
/// Feeds pack the entries due in one tick into a packet, as market-data protocols do.
struct entry {
  std::uint8_t kind = trade;
  std::uint64_t sequence = 0; ///< per exchange, over trades and book updates alike
  std::uint32_t symbol = 0;
  std::uint8_t side = 0;      ///< 0 bid, 1 ask
  std::uint8_t level = 0;
  std::int64_t quantity = 0;  ///< a trade's size, or the level's new quantity
  std::int64_t due_ns = 0;    ///< when the rate schedule made it due
  std::int64_t sent_ns = 0;   ///< when the feed actually sent it
};

/// A packet of entries of one exchange, feed -> bus -> consumer.
struct packet {
  std::uint32_t exchange = 0;
  std::vector<entry> entries;
};

/// The feed's heartbeat: the last sequence it sent, so a consumer sees a gap at the tail.
struct heartbeat {
  std::uint32_t exchange = 0;
  std::uint64_t last_sequence = 0;
};

/// Room in the bus's ring (overflow policy block): how many entries the bus has granted
/// this feed in total since it started (`epoch` names that start). Totals, not increments,
/// so a lost credit is made good by the next, and a restarted bus starts a new epoch.
struct credit {
  std::uint64_t epoch = 0;
  std::uint64_t granted = 0;
};

/// A consumer asks an exchange's feed for its whole state after a gap.
struct snapshot_request {
  std::uint32_t exchange = 0;
};

/// An exchange's whole state at `sequence`: every level's quantity and the trade totals.
struct snapshot {
  std::uint32_t exchange = 0;
  std::uint64_t sequence = 0;
  std::vector<std::int64_t> levels;
  std::uint64_t trades = 0;
  std::int64_t volume = 0;
};

struct feed_tick {};
struct heartbeat_tick {};
struct service_done {};

DETSIM_MESSAGE(entry, "exchange::entry", x.kind, x.sequence, x.symbol, x.side, x.level, x.quantity,
               x.due_ns, x.sent_ns)
DETSIM_MESSAGE(packet, "exchange::packet", x.exchange, x.entries)
DETSIM_MESSAGE(heartbeat, "exchange::heartbeat", x.exchange, x.last_sequence)
DETSIM_MESSAGE(credit, "exchange::credit", x.epoch, x.granted)
DETSIM_MESSAGE(snapshot_request, "exchange::snapshot_request", x.exchange)
DETSIM_MESSAGE(snapshot, "exchange::snapshot", x.exchange, x.sequence, x.levels, x.trades, x.volume)
DETSIM_MESSAGE(feed_tick, "exchange::feed_tick")
DETSIM_MESSAGE(heartbeat_tick, "exchange::heartbeat_tick")
DETSIM_MESSAGE(service_done, "exchange::service_done")

/// Registers every exchange message type with CAF.
inline void announce_types(caf::actor_system_config& cfg) {
  runtime::announce_messages<packet, heartbeat, credit, snapshot_request, snapshot, feed_tick,
                             heartbeat_tick, service_done>(cfg);
}

} // namespace detsim::actors::exchange
