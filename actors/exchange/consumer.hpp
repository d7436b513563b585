// actors/exchange/consumer.hpp: a consumer keeping the books of its exchanges (exchange %
// consumers) from deltas, starting from a snapshot of each. Entries come in sequence;
// with gap_check it skips what it has
// already applied, and on a gap (or a heartbeat ahead of it) asks the feed for a snapshot,
// holds what arrives meanwhile, restores the snapshot and replays what is newer. Without
// gap_check (broken on purpose) it applies whatever arrives. One server: consumer_cost
// per entry; an entry is consumed when the consumer has processed it.
#pragma once

#include "detsim/actors/exchange/exchange_stats.hpp"
#include "detsim/actors/exchange/messages.hpp"
#include "detsim/runtime/node_actor.hpp"

#include <map>

namespace detsim::actors::exchange {

struct consumer_options {
  bool gap_check = true;
  sim::duration cost{500};
  sim::duration snapshot_timeout{200'000'000};
  /// An exchange silent this long (no packet, no heartbeat) is asked for a snapshot
  /// directly: the bus may be down, and the tail of the stream with it.
  sim::duration stale_after{300'000'000};
  std::uint32_t exchanges = 1;
  std::uint32_t consumers = 1;
  sim::time_point window_end{0}; ///< trades consumed before this count as achieved
  std::uint32_t symbols = 100;
  std::uint32_t depth = 10;
};

/// A consumer's view of one exchange, kept where the end-of-run check can read it.
struct book_view {
  book_view(std::uint32_t symbols, std::uint32_t depth) : book(symbols, depth) {}
  order_book book;
  std::uint64_t applied = 0;   ///< the last sequence applied
  bool awaiting = false;       ///< a snapshot is asked for
  std::vector<entry> held;     ///< arrived while awaiting it
  std::uint64_t applied_twice = 0; ///< entries applied at or below `applied`
  sim::time_point heard{0};    ///< the last packet or heartbeat from its exchange
};

/// What a consumer keeps, by exchange; reset when the consumer (re)starts.
using consumer_view = std::map<std::uint32_t, book_view>;

class exchange_consumer final : public runtime::node_actor {
public:
  exchange_consumer(caf::actor_config& cfg, runtime::world& w, sim::node_id node, std::uint32_t index,
                    const std::vector<sim::node_id>* feeds, consumer_options options,
                    consumer_view* view, exchange_stats* stats);

  caf::behavior make_behavior() override;

private:
  void receive(const packet& p);
  /// In sequence: apply; already applied: skip; ahead: hold it and ask for a snapshot.
  void take(book_view& v, std::uint32_t exchange, const entry& e, sim::time_point consumed);
  void apply(book_view& view, const entry& e, sim::time_point consumed);
  void ask_snapshot(std::uint32_t exchange);
  void restore(const snapshot& s);
  void check_staleness();
  book_view& view_of(std::uint32_t exchange);

  std::uint32_t index_;
  const std::vector<sim::node_id>* feeds_;
  consumer_options options_;
  consumer_view& view_;
  exchange_stats* stats_;
  sim::time_point busy_until_{0};
};

} // namespace detsim::actors::exchange
