// actors/exchange/exchange_stats.hpp: what the exchange pipeline measures, and each
// exchange's own state (its true book), which outlives the feed process that serves it.
#pragma once

#include "detsim/actors/exchange/order_book.hpp"
#include "detsim/sim/histogram.hpp"
#include "detsim/sim/time.hpp"
#include "detsim/sim/time_series.hpp"

#include <cstdint>
#include <vector>

namespace detsim::actors::exchange {

/// The exchange itself: its book and the last sequence it published.
struct exchange_truth {
  exchange_truth(std::uint32_t symbols, std::uint32_t depth) : book(symbols, depth) {}
  order_book book;
  std::uint64_t last_sequence = 0;
  std::uint64_t next_trade = 0; ///< the rate schedule's position, which a restart keeps
  std::uint64_t next_update = 0;
};

struct exchange_stats {
  explicit exchange_stats(std::size_t exchanges) : consumed_by_exchange(exchanges) {}

  std::uint64_t trades = 0;        ///< emitted by the feeds
  std::uint64_t book_updates = 0;
  std::uint64_t consumed_trades = 0;
  std::uint64_t consumed_trades_in_window = 0; ///< consumed before the feeds stopped
  std::uint64_t consumed_updates = 0;
  std::uint64_t dropped = 0;       ///< entries the bus's ring dropped (policy drop-oldest)
  std::uint64_t blocked = 0;       ///< entries a feed held for want of ring room (policy block)
  std::uint64_t gaps = 0;          ///< sequence gaps consumers saw
  std::uint64_t snapshots = 0;     ///< snapshots consumers applied
  std::uint64_t duplicates = 0;    ///< entries consumers skipped as already applied
  sim::histogram latency;          ///< due -> consumed, ns
  sim::histogram uncorrected;      ///< sent -> consumed, ns (what a naive tester reports)
  std::vector<std::uint64_t> consumed_by_exchange;
  sim::time_series trades_consumed;  ///< for the TPS plot (flat memory on long runs)
  std::int64_t busy_ns = 0;        ///< modelled processing time of feeds, bus and consumers
  double full_bytes = 0;           ///< book updates sent as whole books
  double delta_bytes = 0;          ///< the same sent as deltas
};

} // namespace detsim::actors::exchange
