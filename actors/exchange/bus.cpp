// actors/exchange/bus.cpp: ring admission, overflow, and one-at-a-time forwarding.
#include "detsim/actors/exchange/bus.hpp"

namespace detsim::actors::exchange {

exchange_bus::exchange_bus(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                           const std::vector<sim::node_id>* feeds,
                           const std::vector<sim::node_id>* consumers, bus_options options,
                           exchange_stats* stats)
  : runtime::node_actor(cfg, w, node),
    feeds_(feeds),
    consumers_(consumers),
    options_(options),
    stats_(stats),
    forwarded_(feeds->size(), 0) {}

caf::behavior exchange_bus::make_behavior() {
  if (!options_.drop_oldest) {
    epoch_ = random().next() | 1; // a new start: feeds forget credit from before
    for (std::uint32_t f = 0; f < feeds_->size(); ++f)
      grant(f);
  }
  return {
    [this](packet& p) { accept({false, std::move(p), {}}); },
    [this](const heartbeat& h) { accept({true, {}, h}); },
    [this](service_done) {
      forward_front();
      serve_next();
    },
  };
}

void exchange_bus::accept(item i) {
  occupancy_ += i.data.entries.size();
  ring_.push_back(std::move(i));
  if (options_.drop_oldest)
    drop_overflow();
  if (!serving_)
    serve_next();
}

void exchange_bus::drop_overflow() {
  // The oldest entries go first, but never the packet being processed.
  auto first = ring_.begin() + (serving_ ? 1 : 0);
  while (occupancy_ > options_.capacity && first != ring_.end()) {
    if (!first->is_heartbeat) {
      occupancy_ -= first->data.entries.size();
      stats_->dropped += first->data.entries.size();
    }
    first = ring_.erase(first);
  }
}

void exchange_bus::serve_next() {
  for (;;) {
    serving_ = !ring_.empty();
    if (!serving_)
      return;
    auto entries = static_cast<std::int64_t>(ring_.front().data.entries.size());
    auto work = service_time(options_.cost * std::max<std::int64_t>(entries, 1));
    if (work.count() > 0) {
      stats_->busy_ns += work.count();
      return delayed_send(this, work, service_done{});
    }
    forward_front(); // no modelled time: straight through
  }
}

void exchange_bus::forward_front() {
  auto& front = ring_.front();
  auto exchange = front.is_heartbeat ? front.beat.exchange : front.data.exchange;
  const auto& consumer = world_ref().lookup((*consumers_)[exchange % consumers_->size()]);
  if (front.is_heartbeat) {
    send(consumer, front.beat);
  } else {
    auto entries = front.data.entries.size();
    occupancy_ -= entries;
    forwarded_[exchange] += entries;
    send(consumer, std::move(front.data));
  }
  // Heartbeats renew the credit too, so a lost one costs a heartbeat period at most.
  if (!options_.drop_oldest)
    grant(exchange);
  ring_.pop_front();
}

void exchange_bus::grant(std::uint32_t feed) {
  // Each feed may have its share of the ring in flight, plus all that has left it.
  auto share = std::max<std::uint64_t>(1, options_.capacity / feeds_->size());
  send(world_ref().lookup((*feeds_)[feed]), credit{epoch_, share + forwarded_[feed]});
}

} // namespace detsim::actors::exchange
