// actors/exchange/feed.cpp: the feed's schedule, packets, credit and snapshots.
#include "detsim/actors/exchange/feed.hpp"

#include <algorithm>
#include <cmath>

namespace detsim::actors::exchange {

exchange_feed::exchange_feed(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                             std::uint32_t index, sim::node_id bus, feed_options options,
                             exchange_truth* truth, exchange_stats* stats)
  : runtime::node_actor(cfg, w, node),
    index_(index),
    bus_(bus),
    options_(options),
    truth_(*truth),
    stats_(stats),
    last_sent_(truth->last_sequence) {
  // A restarted feed resumes the schedule now: what came due while it was down was never
  // published (the sequence has no hole: numbers are given at publication).
  auto seconds = sim::to_seconds(now());
  truth_.next_trade = std::max<std::uint64_t>(truth_.next_trade,
                                              std::uint64_t(seconds * options_.trades_per_second));
  truth_.next_update = std::max<std::uint64_t>(
    truth_.next_update, std::uint64_t(seconds * options_.trades_per_second * options_.book_ratio));
}

caf::behavior exchange_feed::make_behavior() {
  delayed_send(this, options_.tick, feed_tick{});
  delayed_send(this, options_.heartbeat_every, heartbeat_tick{});
  return {
    [this](feed_tick) {
      publish_due();
      send_held();
      if (now() < options_.stop_at || !held_.empty())
        delayed_send(this, options_.tick, feed_tick{});
    },
    [this](heartbeat_tick) {
      // Behind whatever the feed is still processing, so it never overtakes a packet.
      const auto& bus = world_ref().lookup(bus_);
      if (busy_until_ <= now())
        send(bus, heartbeat{index_, last_sent_});
      else
        delayed_send(bus, busy_until_ - now(), heartbeat{index_, last_sent_});
      delayed_send(this, options_.heartbeat_every, heartbeat_tick{});
    },
    [this](const credit& c) {
      if (c.epoch != epoch_) {
        epoch_ = c.epoch;
        granted_ = sent_ = 0;
      }
      granted_ = std::max(granted_, c.granted);
      send_held();
    },
    [this](const snapshot_request&) { return truth_.book.take_snapshot(index_, truth_.last_sequence); },
  };
}

sim::time_point exchange_feed::due_of(std::uint64_t index, double rate) const {
  return sim::time_point{static_cast<std::int64_t>(std::ceil(double(index) * 1e9 / rate))};
}

void exchange_feed::publish_due() {
  auto update_rate = options_.trades_per_second * options_.book_ratio;
  auto limit = std::min(now(), options_.stop_at - sim::duration{1});
  for (;;) {
    auto trade_due = due_of(truth_.next_trade, options_.trades_per_second);
    auto update_due = update_rate > 0 ? due_of(truth_.next_update, update_rate) : sim::time_point::max();
    auto due = std::min(trade_due, update_due);
    if (due > limit)
      return;
    bool is_trade = trade_due <= update_due;
    held_.push_back(next_entry(is_trade, due));
    ++(is_trade ? truth_.next_trade : truth_.next_update);
  }
}

entry exchange_feed::next_entry(bool is_trade, sim::time_point due) {
  entry e;
  e.kind = is_trade ? trade : book_update;
  e.sequence = ++truth_.last_sequence;
  e.symbol = static_cast<std::uint32_t>(random().below(options_.symbols));
  e.side = static_cast<std::uint8_t>(random().below(2));
  e.level = static_cast<std::uint8_t>(random().below(options_.depth));
  e.quantity = random().uniform(1, 1000);
  e.due_ns = due.count();
  truth_.book.apply(e);
  if (is_trade) {
    ++stats_->trades;
  } else {
    ++stats_->book_updates;
    stats_->full_bytes += double(truth_.book.full_bytes());
    stats_->delta_bytes += double(order_book::delta_bytes);
  }
  return e;
}

void exchange_feed::send_held() {
  auto room = granted_ > sent_ ? granted_ - sent_ : 0;
  auto count = options_.credit_flow ? std::min<std::uint64_t>(room, held_.size()) : held_.size();
  if (held_.empty())
    return;
  if (options_.credit_flow) {
    sent_ += count;
    // Each entry that has to wait for room counts once, however many ticks it waits.
    counted_blocked_ = counted_blocked_ > count ? counted_blocked_ - count : 0;
    stats_->blocked += held_.size() - count - counted_blocked_;
    counted_blocked_ = held_.size() - count;
    if (count == 0)
      return;
  }
  // One server: the packet leaves once the feed has processed every entry in it.
  auto start = std::max(now(), busy_until_);
  busy_until_ = start + service_time(options_.cost * static_cast<std::int64_t>(count));
  stats_->busy_ns += (busy_until_ - start).count();
  packet p{index_, {}};
  p.entries.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    p.entries.push_back(held_.front());
    p.entries.back().sent_ns = busy_until_.count();
    held_.pop_front();
  }
  last_sent_ = p.entries.back().sequence;
  const auto& bus = world_ref().lookup(bus_);
  if (busy_until_ <= now())
    send(bus, std::move(p));
  else
    delayed_send(bus, busy_until_ - now(), std::move(p));
}

} // namespace detsim::actors::exchange
