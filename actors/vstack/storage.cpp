// actors/vstack/storage.cpp: the storage node's disk and NIC queues, reads, writes and
// peer copies.
#include "detsim/actors/vstack/storage.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace detsim::actors::vstack {

namespace {

std::string data_key(std::uint64_t chunk) {
  return "data/" + std::to_string(chunk);
}

std::optional<chunk_data> parse(const std::optional<std::string>& text) {
  if (!text)
    return std::nullopt;
  unsigned long long value = 0, bytes = 0;
  std::sscanf(text->c_str(), "%llu %llu", &value, &bytes);
  return chunk_data{true, false, value, bytes};
}

sim::duration transfer_time(std::uint64_t bytes, double bytes_per_second) {
  return sim::clamp_delay(static_cast<double>(bytes) * 1e9 / bytes_per_second);
}

} // namespace

storage_node::storage_node(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                           storage_options options, storage_stats* stats)
  : runtime::node_actor(cfg, w, node),
    rules_(options.acceptor),
    options_(std::move(options)),
    stats_(stats) {}

std::optional<chunk_data> storage_node::durable_chunk(const sim::durable_store& store,
                                                      std::uint64_t chunk) {
  return parse(store.get_synced(data_key(chunk)));
}

std::optional<chunk_data> storage_node::held(std::uint64_t chunk) {
  return parse(store().get(data_key(chunk)));
}

void storage_node::keep(const store_chunk& data) {
  char text[64];
  std::snprintf(text, sizeof(text), "%llu %llu", static_cast<unsigned long long>(data.value),
                static_cast<unsigned long long>(data.bytes));
  store().put(data_key(data.chunk), text);
  store().sync(); // acknowledged data must survive a crash
}

sim::duration storage_node::disk_time(std::uint64_t bytes) {
  auto seek = random().exponential(static_cast<double>(options_.disk_latency.count()));
  auto slow = options_.slow_factor * slowdown();
  auto total = sim::clamp_delay(seek * slow) +
               transfer_time(bytes, static_cast<double>(options_.disk_bytes_per_second) / slow);
  // One request at a time on the disk: wait for the ones ahead (a queue that would outlast
  // the longest modelled delay is cut there, so a crippled disk never overflows the clock).
  auto start = std::max(now(), disk_free_);
  disk_free_ = std::min(start + total, now() + sim::max_model_delay);
  return disk_free_ - now();
}

std::uint64_t storage_node::respond_later(caf::response_promise promise, caf::message reply,
                                          sim::duration delay) {
  auto id = next_serve_++;
  pending_.emplace(id, std::make_pair(std::move(promise), std::move(reply)));
  delayed_send(this, delay, serve{id});
  return id;
}

void storage_node::free_sent_buffers() {
  for (auto i = buffers_.begin(); i != buffers_.end();)
    if (i->second.freed <= now()) {
      buffered_bytes_ -= i->second.bytes;
      i = buffers_.erase(i);
    } else {
      ++i;
    }
}

void storage_node::on_read(const read_chunk& request) {
  ++stats_->reads;
  auto data = held(request.chunk);
  auto promise = make_response_promise();
  if (!data) {
    ++stats_->misses;
    promise.deliver(chunk_data{});
    return;
  }
  ++reads_since_status_[request.chunk];
  // The read would wait for the reads ahead of it on the disk and then for the transfers
  // ahead of it on the NIC: shed it if that is already more than max_backlog.
  auto disk_backlog = disk_free_ > now() ? disk_free_ - now() : sim::duration{0};
  // With startup priority, replies also wait in the node's own queue: count the oldest.
  auto queue_wait = ready_bulk_.empty() ? sim::duration{0} : now() - ready_bulk_.front().second;
  if (std::max({disk_backlog, world_ref().send_backlog(node()), queue_wait}) > options_.max_backlog) {
    ++stats_->shed;
    promise.deliver(chunk_data{false, true, 0, 0});
    return;
  }
  // The chunk needs a buffer from its disk read until the NIC has sent it: free those
  // already sent, and refuse the read if its buffer would not fit in the memory left.
  free_sent_buffers();
  auto memory = static_cast<double>(options_.buffer_bytes) * world_ref().memory_share(node());
  if (static_cast<double>(buffered_bytes_ + data->bytes) > memory) {
    ++stats_->shed;
    ++stats_->shed_for_memory;
    promise.deliver(chunk_data{false, true, 0, 0});
    return;
  }
  auto queued = std::max(now(), disk_free_) - now();
  auto on_disk = disk_time(data->bytes);
  buffered_bytes_ += data->bytes;
  stats_->service_latency.record((on_disk - queued).count());
  stats_->first_byte.record(on_disk.count());
  // The reply carries the chunk: the network sends it through the NIC and the downlink.
  auto id = respond_later(std::move(promise), caf::make_message(*data), on_disk);
  buffers_[id].bytes = data->bytes;
  if (request.urgent)
    urgent_.insert(id);
}

void storage_node::send_reply(std::uint64_t id) {
  auto i = pending_.find(id);
  if (i == pending_.end())
    return;
  i->second.first.deliver(std::move(i->second.second));
  pending_.erase(i);
  // The reply is on the NIC's queue now, last: it is sent when the queue drains.
  if (auto b = buffers_.find(id); b != buffers_.end())
    b->second.freed = now() + world_ref().send_backlog(node());
}

void storage_node::send_ready() {
  while (!ready_urgent_.empty() || !ready_bulk_.empty()) {
    auto backlog = world_ref().send_backlog(node());
    if (backlog > options_.pacing) { // the NIC has enough queued: come back when it drains
      if (!pumping_) {
        pumping_ = true;
        delayed_send(this, backlog - options_.pacing, pump{});
      }
      return;
    }
    std::uint64_t id = 0;
    if (!ready_urgent_.empty()) {
      id = ready_urgent_.front();
      ready_urgent_.pop_front();
    } else {
      id = ready_bulk_.front().first;
      ready_bulk_.pop_front();
    }
    send_reply(id);
  }
}

void storage_node::on_store(const store_chunk& request) {
  keep(request);
  respond_later(make_response_promise(), caf::make_message(ack{true}),
                disk_time(request.bytes));
}

void storage_node::on_replicate(const replicate& request) {
  auto promise = make_response_promise();
  const auto& source = world_ref().lookup(request.source);
  if (!source) {
    promise.deliver(ack{false});
    return;
  }
  this->request(source, std::chrono::seconds(5), read_chunk{request.chunk})
    .then(
      [this, request, promise](const chunk_data& data) mutable {
        if (!data.found || data.value != request.value) {
          promise.deliver(ack{false});
          return;
        }
        keep({request.chunk, data.value, data.bytes});
        ++stats_->replicas_stored;
        respond_later(promise, caf::make_message(ack{true}), disk_time(data.bytes));
      },
      [promise](const caf::error&) mutable { promise.deliver(ack{false}); });
}

caf::behavior storage_node::make_behavior() {
  return {
    [this](const paxos::prepare& request) { return rules_.on_prepare(store(), request); },
    [this](const paxos::accept& request) { return rules_.on_accept(store(), request); },
    [this](const read_chunk& request) { on_read(request); },
    [this](const store_chunk& request) { on_store(request); },
    [this](const replicate& request) { on_replicate(request); },
    [this](const drop_chunk& request) { store().erase(data_key(request.chunk)); },
    [this](inventory_query) {
      inventory held;
      for (const auto& key : store().keys("data/")) {
        auto chunk = std::stoull(key.substr(5));
        if (auto data = this->held(chunk)) {
          held.chunks.push_back(chunk);
          held.values.push_back(data->value);
        }
      }
      return held;
    },
    [this](status_query) {
      node_status status;
      for (auto& [chunk, reads] : reads_since_status_) {
        status.chunks.push_back(chunk);
        status.reads.push_back(reads);
      }
      reads_since_status_.clear();
      return status;
    },
    [this](const serve& s) {
      if (!options_.startup_priority)
        return send_reply(s.id);
      if (urgent_.erase(s.id) > 0)
        ready_urgent_.push_back(s.id);
      else
        ready_bulk_.emplace_back(s.id, now());
      send_ready();
    },
    [this](pump) {
      pumping_ = false;
      send_ready();
    },
  };
}

} // namespace detsim::actors::vstack
