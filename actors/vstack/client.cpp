// actors/vstack/client.cpp: playback, chunk fetching, replica choice and failover.
#include "detsim/actors/vstack/client.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace detsim::actors::vstack {

namespace {

constexpr sim::duration relocate_every{10'000'000'000};
constexpr sim::duration avoid_for{3'000'000'000};
constexpr sim::duration retry_wait{500'000'000};
constexpr double explore = 0.05;      // smart: share of reads sent to a random holder
constexpr std::uint64_t hedge_budget = 10; // smart: about one hedge per 10 reads...
constexpr std::uint64_t hedge_burst = 3;   // ...plus a few to learn about nodes early

/// Adds `value` to slot `bucket` of a time series, growing it as needed.
template <class T>
void add_at(std::vector<T>& series, std::size_t bucket, T value) {
  if (series.size() <= bucket)
    series.resize(bucket + 1, T{});
  series[bucket] += value;
}

/// The `width`-wide slot of the run's time that `t` falls in.
std::size_t bucket_of(sim::time_point t, sim::duration width) {
  return static_cast<std::size_t>(t.count() / width.count());
}

constexpr sim::duration second{1'000'000'000};
constexpr sim::duration five_seconds{5'000'000'000};

} // namespace

const char* to_string(client_kind kind) {
  return kind == client_kind::smart ? "smart" : "naive";
}

client::client(caf::actor_config& cfg, runtime::world& w, sim::node_id node, std::uint32_t index,
               client_options options, client_stats* stats, playback_audit* audit)
  : runtime::node_actor(cfg, w, node),
    index_(index),
    options_(options),
    stats_(stats),
    audit_(audit),
    done_(options.chunks, 0),
    holders_(options.chunks) {}

caf::behavior client::make_behavior() {
  delayed_send(this, std::max(sim::duration{0}, options_.start_at - now()), tick{});
  return {
    [this](tick) { on_tick(); },
    [this](const hedge& h) { on_hedge(h); },
  };
}

void client::begin_session() {
  in_session_ = true;
  last_ = now();
  ++stats_->sessions;
  relocate();
}

void client::on_tick() {
  if (!in_session_)
    begin_session();
  advance(now());
  if (started_ && !finished_ && have_ < options_.chunks) {
    auto level = sim::to_seconds(buffered());
    stats_->buffer_seconds_sum += level;
    ++stats_->buffer_samples;
    auto bucket = bucket_of(world_ref().global_now(), second);
    add_at(stats_->buffer_by_second, bucket, level);
    add_at(stats_->buffer_by_second_n, bucket, 1u);
  }
  for (auto& [chunk, f] : fetches_)
    if (f.waiting && now() >= f.retry_at) {
      f.waiting = false;
      f.tried.clear();
      send_read(chunk);
    }
  if (options_.kind == client_kind::smart && now() >= next_locate_)
    relocate(); // learn about new replicas (hot chunks) and lost ones
  fill();
  if (!finished_)
    delayed_send(this, options_.tick, tick{});
}

void client::relocate() {
  if (locating_)
    return;
  const auto& manager = world_ref().lookup(options_.manager);
  if (!manager)
    return;
  locating_ = true;
  next_locate_ = now() + relocate_every;
  request(manager, options_.smart_timeout, locate{options_.first_chunk, options_.chunks})
    .then(
      [this](const locations& found) {
        locating_ = false;
        on_locations(found);
      },
      [this](const caf::error&) { locating_ = false; });
}

void client::on_locations(const locations& found) {
  std::size_t offset = 0;
  for (std::size_t chunk = 0; chunk < found.counts.size() && chunk < holders_.size(); ++chunk) {
    auto count = found.counts[chunk];
    if (offset + count > found.holders.size())
      return; // malformed: keep what we knew
    if (count > 0)
      holders_[chunk].assign(found.holders.begin() + static_cast<std::ptrdiff_t>(offset),
                             found.holders.begin() + static_cast<std::ptrdiff_t>(offset + count));
    offset += count;
  }
  fill();
}

sim::duration client::buffered() const {
  return options_.chunk_length * have_ - playhead_;
}

void client::advance(sim::time_point t) {
  auto elapsed = t - last_;
  last_ = t;
  if (!started_ || stalled_ || finished_)
    return;
  auto ahead = buffered();
  if (elapsed < ahead) {
    playhead_ += elapsed;
    return;
  }
  playhead_ = options_.chunk_length * have_;
  if (have_ == options_.chunks) {
    finished_ = true;
    ++stats_->finished;
    --audit_->playing_now;
    return;
  }
  stalled_ = true; // the playhead caught up with the download
  ++stats_->rebuffers;
  add_at(stats_->rebuffers_by_second, bucket_of(world_ref().global_now(), second), 1u);
}

void client::maybe_play() {
  bool enough = buffered() >= options_.startup_buffer || have_ == options_.chunks;
  if (!enough)
    return;
  if (!started_) {
    started_ = true;
    ++stats_->started;
    auto startup = now() - options_.start_at;
    stats_->startup.record(startup.count());
    stats_->startup_seconds_sum += sim::to_seconds(startup);
    audit_->max_playing = std::max(audit_->max_playing, ++audit_->playing_now);
  }
  stalled_ = false;
}

void client::fill() {
  // With startup_focus, nothing beyond the startup buffer shares the downlink with it.
  auto startup_chunks = static_cast<std::uint32_t>(
    (options_.startup_buffer.count() + options_.chunk_length.count() - 1) / options_.chunk_length.count());
  while (fetches_.size() < options_.parallel && next_ < options_.chunks) {
    if (options_.startup_focus && !started_ && next_ >= startup_chunks)
      return;
    if (options_.chunk_length * next_ - playhead_ >= options_.max_buffer)
      return; // far enough ahead
    if (holders_[next_].empty())
      return relocate(); // not uploaded yet, or not located yet
    start_fetch(next_++);
  }
}

void client::start_fetch(std::uint32_t chunk) {
  auto& f = fetches_[chunk];
  f.id = next_fetch_id_++;
  f.first_sent = now();
  send_read(chunk);
}

sim::duration client::expected(sim::node_id node) const {
  auto i = estimate_.find(node);
  auto base = i == estimate_.end() ? sim::duration{0} : i->second;
  auto o = outstanding_.find(node);
  return base * (1 + (o == outstanding_.end() ? 0 : o->second));
}

bool client::choose(std::uint32_t chunk, const fetch& f, sim::node_id& node) {
  std::vector<sim::node_id> candidates;
  for (auto n : holders_[chunk])
    if (std::find(f.tried.begin(), f.tried.end(), n) == f.tried.end())
      candidates.push_back(n);
  if (candidates.empty())
    return false;
  if (options_.kind == client_kind::naive) {
    // Round-robin: chunk k starts at holder k mod n, each retry moves one further.
    const auto& all = holders_[chunk];
    for (std::size_t step = 0; step < all.size(); ++step) {
      auto n = all[(chunk + f.tried.size() + step) % all.size()];
      if (std::find(candidates.begin(), candidates.end(), n) != candidates.end()) {
        node = n;
        return true;
      }
    }
    return false;
  }
  std::vector<sim::node_id> healthy;
  for (auto n : candidates) {
    auto i = avoid_until_.find(n);
    if (i == avoid_until_.end() || now() >= i->second)
      healthy.push_back(n);
  }
  auto& pool = healthy.empty() ? candidates : healthy;
  if (pool.size() > 1 && random().chance(explore)) {
    node = pool[random().below(pool.size())];
    return true;
  }
  node = *std::min_element(pool.begin(), pool.end(), [this](sim::node_id a, sim::node_id b) {
    return expected(a) < expected(b);
  });
  return true;
}

void client::send_read(std::uint32_t chunk) {
  auto& f = fetches_.at(chunk);
  sim::node_id node = 0;
  if (!choose(chunk, f, node)) {
    if (f.out == 0) {
      f.waiting = true; // every holder failed: ask again where it lives, then retry
      f.retry_at = now() + retry_wait;
      relocate();
    }
    return;
  }
  f.tried.push_back(node);
  auto id = f.id;
  // A node that is down does not answer: the read times out.
  const auto& target = world_ref().lookup(node);
  ++f.out;
  ++outstanding_[node];
  ++reads_sent_;
  auto sent = now();
  bool smart = options_.kind == client_kind::smart;
  request(target, smart ? options_.smart_timeout : options_.naive_timeout,
          read_chunk{options_.first_chunk + chunk, smart && !started_ && options_.startup_urgent})
    .then(
      [this, chunk, id, node, sent](const chunk_data& data) {
        on_data(chunk, id, node, sent, data);
      },
      [this, chunk, id, node](const caf::error&) {
        --outstanding_[node];
        on_read_failed(chunk, id, node, true);
      });
  if (smart) {
    // Hedge a read that takes three times longer than this node usually needs.
    auto usual = estimate_.count(node) ? estimate_[node] : sim::duration{100'000'000};
    auto wait = std::clamp(usual * 3, sim::duration{150'000'000}, sim::duration{1'000'000'000});
    if (!started_ && options_.startup_race)
      wait = sim::duration{0}; // before the first frame, race two replicas at once
    delayed_send(this, wait, hedge{chunk, id});
  }
}

void client::on_hedge(const hedge& h) {
  auto i = fetches_.find(static_cast<std::uint32_t>(h.chunk));
  if (i == fetches_.end() || i->second.id != h.fetch || i->second.out != 1)
    return;
  // Hedges add load exactly when nodes are busiest: a budget keeps them from snowballing.
  if (hedges_sent_ >= hedge_burst + reads_sent_ / hedge_budget)
    return;
  ++hedges_sent_;
  ++stats_->hedges;
  send_read(static_cast<std::uint32_t>(h.chunk));
}

void client::on_data(std::uint32_t chunk, std::uint64_t id, sim::node_id node,
                     sim::time_point sent, const chunk_data& data) {
  --outstanding_[node];
  if (data.found) {
    auto took = now() - sent;
    auto& e = estimate_[node];
    e = e.count() == 0 ? took : (e * 3 + took) / 4;
  }
  auto i = fetches_.find(chunk);
  if (i == fetches_.end() || i->second.id != id)
    return; // a hedge lost the race, or the chunk was already fetched
  if (!data.found) // busy (shedding load), or a stale location (the chunk was dropped)
    return on_read_failed(chunk, id, node, data.busy);
  stats_->response.record((now() - sent).count());
  auto f = i->second;
  fetches_.erase(i);
  complete(chunk, f, node, data);
}

void client::on_read_failed(std::uint32_t chunk, std::uint64_t id, sim::node_id node,
                            bool node_failed) {
  ++stats_->read_failures;
  if (node_failed && options_.kind == client_kind::smart) {
    avoid_until_[node] = now() + avoid_for;
    auto& e = estimate_[node]; // silence counts as at least a timeout's worth of waiting
    e = std::max(e, options_.smart_timeout);
  }
  auto i = fetches_.find(chunk);
  if (i == fetches_.end() || i->second.id != id)
    return;
  auto& f = i->second;
  --f.out;
  f.failed = true;
  if (f.out == 0)
    send_read(chunk);
}

void client::complete(std::uint32_t chunk, const fetch& f, sim::node_id node,
                      const chunk_data& data) {
  auto took = now() - f.first_sent;
  // Measurement only: whether the first node was down is the simulator's knowledge (a
  // hedge that beat a merely slow node is not a failover).
  auto first = f.tried.front();
  if (node != first && (f.failed || !world_ref().is_up(first)))
    stats_->failover.record(took.count());
  auto megabits = static_cast<double>(data.bytes) * 8 / 1e6;
  stats_->megabits += megabits;
  stats_->download_seconds += sim::to_seconds(took);
  ++stats_->chunks;
  ++stats_->chunks_from[node];
  auto bucket = bucket_of(world_ref().global_now(), five_seconds);
  add_at(stats_->megabits_by_5s, bucket, megabits);
  add_at(stats_->download_seconds_by_5s, bucket, sim::to_seconds(took));
  auto absolute = options_.first_chunk + chunk;
  ++audit_->checked;
  const auto* chosen = audit_->chosen->chosen(absolute);
  if ((!chosen || *chosen != data.value) && audit_->violations.size() < 5)
    audit_->violations.push_back(fmt::format(
      "client-{} played chunk {} with value {:x} from node {}, but {} was chosen", index_,
      absolute, data.value, node, chosen ? fmt::format("{:x}", *chosen) : "nothing"));
  advance(now());
  done_[chunk] = 1;
  while (have_ < options_.chunks && done_[have_])
    ++have_;
  maybe_play();
  fill();
}

} // namespace detsim::actors::vstack
