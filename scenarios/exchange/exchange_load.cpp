// scenarios/exchange/exchange_load.cpp: parameters, nodes and invariants of the exchange
// load test. Every live consumer ends caught up with each of its exchanges whose feed is
// up (given time to settle after the last fault), its book equal to the exchange's
// (checksum), and no entry applied twice.
#include "detsim/scenarios/exchange/exchange_load.hpp"

#include "detsim/runtime/process_usage.hpp"

#include <fmt/format.h>

namespace detsim::scenarios::exchange {

namespace {

namespace model = actors::exchange;

void require(bool condition, const std::string& message) {
  sim::require_input(condition, "exchange-load", message);
}

} // namespace

exchange_load::exchange_load(sim::parameters& p)
  : duration_(p.take_duration("duration", std::chrono::seconds(10), "simulated time the feeds publish")),
    drain_(p.take_duration("drain", std::chrono::seconds(1), "time after the feeds stop for the pipeline to settle")) {
  auto exchanges = p.take_int("exchanges", 3, "exchange feeds");
  auto consumers = p.take_int("consumers", 2, "consumers (exchange e goes to consumer e % consumers)");
  feed_.trades_per_second = p.take_double("trades_per_second", 10000, "trades per second per exchange");
  feed_.book_ratio = p.take_double("book_ratio", 0.5, "order-book updates per trade");
  auto symbols = p.take_int("symbols", 100, "instruments per exchange");
  auto depth = p.take_int("depth", 10, "price levels per side of each book");
  bus_.capacity = static_cast<std::uint64_t>(p.take_int("ring_capacity", 65536, "entries the bus's ring holds"));
  auto overflow = p.take_choice("overflow", "drop-oldest", {"drop-oldest", "block"},
                                "when the ring is full: drop its oldest entries, or hold the feeds back");
  feed_.cost = p.take_duration("feed_cost", feed_.cost, "a feed's processing per entry");
  bus_.cost = p.take_duration("bus_cost", bus_.cost, "the bus's processing per entry");
  consumer_.cost = p.take_duration("consumer_cost", consumer_.cost, "a consumer's processing per entry");
  feed_.tick = p.take_duration("tick", feed_.tick, "how often a feed packs what came due into a packet");
  consumer_.gap_check = p.take_bool("gap_check", true, "false breaks consumers on purpose: deltas applied without sequence checks");
  link_.latency_min = p.take_duration("latency", std::chrono::microseconds(2), "one-way latency between actors");
  link_.latency_jitter_mean = p.take_duration("jitter", std::chrono::microseconds(1), "mean extra latency");
  link_.loss = p.take_double("loss", 0, "message loss probability on every link");
  link_.fifo = true; // a stream transport: per-link order holds, as on TCP or a ring
  require(exchanges >= 1 && exchanges <= 1000, "exchanges must be between 1 and 1000");
  require(consumers >= 1 && consumers <= 1000, "consumers must be between 1 and 1000");
  require(feed_.trades_per_second > 0 && feed_.trades_per_second <= 1e8, "trades_per_second must be in (0, 100000000]");
  require(feed_.book_ratio >= 0 && feed_.book_ratio <= 100, "book_ratio must be between 0 and 100");
  require(symbols >= 1 && symbols <= 100000 && depth >= 1 && depth <= 255, "symbols must be 1..100000 and depth 1..255");
  require(bus_.capacity >= 1 && bus_.capacity <= (1ull << 32), "ring_capacity must be between 1 and 4294967296");
  require(duration_ >= std::chrono::milliseconds(100) && duration_ <= std::chrono::hours(24 * 7) &&
            drain_.count() >= 0,
          "duration must be between 100ms and a week; drain must not be negative");
  require(feed_.tick.count() > 0, "tick must be positive");
  require(feed_.cost.count() >= 0 && bus_.cost.count() >= 0 && consumer_.cost.count() >= 0 &&
            link_.latency_min.count() >= 0 && link_.latency_jitter_mean.count() >= 0,
          "costs and latencies must not be negative");
  require(link_.loss >= 0 && link_.loss <= 1, "loss must be between 0 and 1");
  exchanges_ = static_cast<std::uint32_t>(exchanges);
  consumers_ = static_cast<std::uint32_t>(consumers);
  consumer_.exchanges = exchanges_;
  consumer_.consumers = consumers_;
  feed_.symbols = consumer_.symbols = static_cast<std::uint32_t>(symbols);
  feed_.depth = consumer_.depth = static_cast<std::uint32_t>(depth);
  feed_.stop_at = consumer_.window_end = sim::time_point{duration_};
  bus_.drop_oldest = overflow == "drop-oldest";
  feed_.credit_flow = !bus_.drop_oldest;
}

runtime::scenario_info exchange_load::info() {
  return {"exchange-load",
          "AlphaPulse exchange-feed load test (seed 002): feeds, a ring-buffer bus, consumers keeping books from deltas",
          [](sim::parameters& p) { return std::make_unique<exchange_load>(p); }};
}

void exchange_load::announce(caf::actor_system_config& cfg) const {
  actors::exchange::announce_types(cfg);
}

void exchange_load::setup(runtime::world& w) {
  stats_ = std::make_unique<model::exchange_stats>(exchanges_);
  real_costs_ = !w.models_service_times();
  cpu_at_start_ = runtime::cpu_seconds();
  w.network().set_default_link(link_);
  for (std::uint32_t i = 0; i < exchanges_; ++i) {
    truths_.push_back(std::make_unique<model::exchange_truth>(feed_.symbols, feed_.depth));
    feed_nodes_.push_back(w.add_node(fmt::format("exchange-{}", i), [this, i](runtime::world& world, sim::node_id id) {
      return world.system().spawn<model::exchange_feed>(std::ref(world), id, i, bus_node_, feed_,
                                                        truths_[i].get(), stats_.get());
    }));
  }
  bus_node_ = w.add_node("bus", [this](runtime::world& world, sim::node_id id) {
    return world.system().spawn<model::exchange_bus>(std::ref(world), id, &feed_nodes_, &consumer_nodes_,
                                                     bus_, stats_.get());
  });
  for (std::uint32_t i = 0; i < consumers_; ++i) {
    views_.push_back(std::make_unique<model::consumer_view>());
    consumer_nodes_.push_back(w.add_node(fmt::format("consumer-{}", i), [this, i](runtime::world& world, sim::node_id id) {
      return world.system().spawn<model::exchange_consumer>(std::ref(world), id, i, &feed_nodes_, consumer_,
                                                            views_[i].get(), stats_.get());
    }));
  }
  // Consumers first, then feeds, then the bus, whose start grants the feeds their credit.
  for (auto node : consumer_nodes_) {
    w.network().add_to_group("consumers", node);
    w.start_node(node);
  }
  for (auto node : feed_nodes_) {
    w.network().add_to_group("feeds", node);
    w.start_node(node);
  }
  w.network().add_to_group("bus", bus_node_);
  w.start_node(bus_node_);
}

std::vector<std::string> exchange_load::chaos_targets() const {
  // Feed disconnects and consumer crashes; the bus is one process whose loss every
  // consumer repairs from snapshots, so it is a target too.
  std::vector<std::string> names{"bus"};
  for (std::uint32_t i = 0; i < exchanges_; ++i)
    names.push_back(fmt::format("exchange-{}", i));
  for (std::uint32_t i = 0; i < consumers_; ++i)
    names.push_back(fmt::format("consumer-{}", i));
  return names;
}

std::vector<runtime::invariant_result> exchange_load::check(runtime::world& w) {
  // Catching up takes time after the last fault: noticing silence, then a snapshot round
  // trip that may time out once. A node that (re)started or died later than this before
  // the end excuses the consumers that depend on it.
  auto settle = 2 * (consumer_.stale_after + consumer_.snapshot_timeout);
  auto settled = [&](sim::node_id node) {
    if (!w.is_up(node))
      return false;
    for (const auto& event : w.lifecycle())
      if (event.node == node && event.kind != sim::lifecycle_kind::start && w.global_now() - event.time < settle)
        return false;
    return true;
  };
  std::vector<std::string> behind, differ, twice;
  for (std::uint32_t c = 0; c < consumers_; ++c) {
    if (!w.is_up(consumer_nodes_[c]))
      continue; // a dead consumer owes nothing
    bool consumer_settled = settled(consumer_nodes_[c]) && (settled(bus_node_) || !w.is_up(bus_node_));
    for (std::uint32_t e = c; e < exchanges_; e += consumers_) {
      if (!consumer_settled || !settled(feed_nodes_[e]))
        continue; // not caught up yet is not a failure so soon after a fault
      const auto& truth = *truths_[e];
      auto found = views_[c]->find(e);
      std::uint64_t applied = found == views_[c]->end() ? 0 : found->second.applied;
      if (found != views_[c]->end() && found->second.applied_twice > 0)
        twice.push_back(fmt::format("consumer-{} applied {} entries of exchange-{} twice", c,
                                    found->second.applied_twice, e));
      if (applied < truth.last_sequence) {
        behind.push_back(fmt::format("consumer-{} ends at sequence {} of exchange-{}, which published {}",
                                     c, applied, e, truth.last_sequence));
        continue;
      }
      if (found != views_[c]->end() && found->second.book.checksum() != truth.book.checksum())
        differ.push_back(fmt::format("consumer-{}'s book of exchange-{} differs from the exchange's "
                                     "(checksum {:016x}, exchange {:016x}) at sequence {}",
                                     c, e, found->second.book.checksum(), truth.book.checksum(), applied));
    }
  }
  return {runtime::verdict("caught-up", behind), runtime::verdict("books-match", differ),
          runtime::verdict("consumed-once", twice)};
}

runtime::memory_estimate exchange_load::estimated_memory() const {
  // Books (16 bytes a level, per exchange and per consumer view), the ring (64 bytes an
  // entry at most), ~16 MiB of CAF.
  double book = double(feed_.symbols) * feed_.depth * 2 * 16;
  return runtime::memory_estimate::of(16 << 20, {{"exchanges", double(exchanges_), 2 * book + 8192},
                                                 {"ring_capacity", double(bus_.capacity), 64}});
}

} // namespace detsim::scenarios::exchange
