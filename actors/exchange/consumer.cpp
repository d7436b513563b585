// actors/exchange/consumer.cpp: a snapshot to start from, sequencing, gap repair by
// snapshot, staleness, and the books.
#include "detsim/actors/exchange/consumer.hpp"

#include <algorithm>

namespace detsim::actors::exchange {

exchange_consumer::exchange_consumer(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                                     std::uint32_t index, const std::vector<sim::node_id>* feeds,
                                     consumer_options options, consumer_view* view,
                                     exchange_stats* stats)
  : runtime::node_actor(cfg, w, node),
    index_(index),
    feeds_(feeds),
    options_(options),
    view_(*view),
    stats_(stats) {
  view_.clear(); // a restarted consumer starts with empty books
}

caf::behavior exchange_consumer::make_behavior() {
  for (auto e = index_; e < options_.exchanges; e += options_.consumers)
    view_of(e).heard = now();
  if (options_.gap_check) {
    // A consumer starts from a snapshot, as market-data consumers do: after a restart
    // its books are empty and the stream may be quiet for a long time.
    for (auto e = index_; e < options_.exchanges; e += options_.consumers)
      ask_snapshot(e);
    delayed_send(this, options_.stale_after, heartbeat_tick{});
  }
  return {
    [this](const packet& p) { receive(p); },
    [this](const heartbeat& h) {
      auto& v = view_of(h.exchange);
      v.heard = now();
      if (options_.gap_check && !v.awaiting && h.last_sequence > v.applied) {
        ++stats_->gaps; // the tail of the stream never arrived
        ask_snapshot(h.exchange);
      }
    },
    [this](heartbeat_tick) {
      check_staleness();
      delayed_send(this, options_.stale_after, heartbeat_tick{});
    },
  };
}

book_view& exchange_consumer::view_of(std::uint32_t exchange) {
  return view_.try_emplace(exchange, options_.symbols, options_.depth).first->second;
}

void exchange_consumer::check_staleness() {
  for (auto& [exchange, v] : view_)
    if (!v.awaiting && now() - v.heard >= options_.stale_after) {
      v.heard = now(); // one request per silent period
      ask_snapshot(exchange);
    }
}

void exchange_consumer::receive(const packet& p) {
  auto& v = view_of(p.exchange);
  v.heard = now();
  auto start = std::max(now(), busy_until_);
  busy_until_ = start + service_time(options_.cost * static_cast<std::int64_t>(p.entries.size()));
  stats_->busy_ns += (busy_until_ - start).count();
  if (!options_.gap_check) {
    for (const auto& e : p.entries)
      apply(v, e, busy_until_);
    return;
  }
  for (const auto& e : p.entries)
    take(v, p.exchange, e, busy_until_);
}

void exchange_consumer::take(book_view& v, std::uint32_t exchange, const entry& e,
                             sim::time_point consumed) {
  if (v.awaiting) {
    v.held.push_back(e);
  } else if (e.sequence <= v.applied) {
    ++stats_->duplicates;
  } else if (e.sequence == v.applied + 1) {
    apply(v, e, consumed);
  } else {
    ++stats_->gaps;
    v.held.push_back(e);
    ask_snapshot(exchange);
  }
}

void exchange_consumer::apply(book_view& view, const entry& e, sim::time_point consumed) {
  if (e.sequence <= view.applied)
    ++view.applied_twice;
  view.book.apply(e);
  view.applied = std::max(view.applied, e.sequence);
  if (e.kind == trade) {
    ++stats_->consumed_trades;
    if (consumed < options_.window_end)
      ++stats_->consumed_trades_in_window;
    stats_->trades_consumed.add(consumed, 1);
  } else {
    ++stats_->consumed_updates;
  }
  stats_->latency.record((consumed - sim::time_point{sim::duration{e.due_ns}}).count());
  stats_->uncorrected.record((consumed - sim::time_point{sim::duration{e.sent_ns}}).count());
}

void exchange_consumer::ask_snapshot(std::uint32_t exchange) {
  view_.at(exchange).awaiting = true;
  request(world_ref().lookup((*feeds_)[exchange]), options_.snapshot_timeout, snapshot_request{exchange})
    .then([this](const snapshot& s) { restore(s); },
          [this, exchange](const caf::error&) { ask_snapshot(exchange); }); // ask again
}

void exchange_consumer::restore(const snapshot& s) {
  auto& v = view_.at(s.exchange);
  if (!v.awaiting)
    return;
  ++stats_->snapshots;
  v.book.restore(s);
  v.applied = s.sequence;
  v.awaiting = false;
  // Replay what arrived meanwhile and is newer than the snapshot, in order; a new gap
  // among it asks again.
  auto held = std::move(v.held);
  v.held.clear();
  std::sort(held.begin(), held.end(), [](const entry& a, const entry& b) { return a.sequence < b.sequence; });
  for (const auto& e : held)
    take(v, s.exchange, e, std::max(now(), busy_until_));
}

} // namespace detsim::actors::exchange
