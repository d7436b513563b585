// actors/vstack/manager.cpp: directory lookups, liveness polling and the replication policy.
#include "detsim/actors/vstack/manager.hpp"

#include <algorithm>
#include <sstream>

namespace detsim::actors::vstack {

namespace {

const std::string log_prefix = "dir/";

std::string encode(const chunk_entry& entry) {
  std::string text = std::to_string(entry.value) + " " + std::to_string(entry.bytes);
  for (auto node : entry.holders)
    text += " " + std::to_string(node);
  return text;
}

chunk_entry decode(const std::string& text) {
  chunk_entry entry;
  std::istringstream in{text};
  in >> entry.value >> entry.bytes;
  for (sim::node_id node = 0; in >> node;)
    entry.holders.push_back(node);
  return entry;
}

} // namespace

manager::manager(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                 manager_options options, manager_stats* stats)
  : runtime::node_actor(cfg, w, node),
    options_(std::move(options)),
    stats_(stats),
    chunks_(recover(store())),
    last_seen_(options_.nodes.size(), sim::time_point{0}),
    copies_to_(options_.nodes.size(), 0) {}

directory manager::recover(const sim::durable_store& store) {
  directory recovered;
  for (const auto& key : store.keys(log_prefix))
    if (auto text = store.get(key))
      recovered[std::stoull(key.substr(log_prefix.size()))] = decode(*text);
  return recovered;
}

void manager::log(std::uint64_t chunk, const chunk_entry& entry, bool durable) {
  store().put(log_prefix + std::to_string(chunk), encode(entry));
  if (durable && options_.persist)
    store().sync();
}

void manager::on_exit() {
  if (stats_->live == &chunks_)
    stats_->live = nullptr; // down: checks read what a restart would recover
  runtime::node_actor::on_exit();
}

void manager::ask_inventories() {
  stats_->reconciled = false;
  inventories_missing_ = options_.nodes.size();
  for (auto node : options_.nodes)
    ask_inventory(node, true);
}

void manager::ask_inventory(sim::node_id node, bool startup_round) {
  auto asked = now();
  auto counted = [this, startup_round] {
    if (startup_round && inventories_missing_ > 0)
      stats_->reconciled = --inventories_missing_ == 0;
  };
  request(world_ref().lookup(node), options_.period, inventory_query{})
    .then([this, node, asked, counted](const inventory& held) {
            on_inventory(node, held, asked);
            counted();
          },
          [counted](const caf::error&) { counted(); });
}

void manager::on_inventory(sim::node_id node, const inventory& held, sim::time_point asked) {
  std::map<std::uint64_t, std::uint64_t> value_of;
  for (std::size_t i = 0; i < held.chunks.size() && i < held.values.size(); ++i)
    value_of[held.chunks[i]] = held.values[i];
  for (auto& [chunk, entry] : chunks_) {
    if (entry.touched && entry.changed >= asked)
      continue; // registered, copied or dropped after the node answered for what it held
    auto found = value_of.find(chunk);
    bool holds = found != value_of.end() && found->second == entry.value;
    auto listed = std::find(entry.holders.begin(), entry.holders.end(), node);
    if (holds == (listed != entry.holders.end()))
      continue;
    if (holds && entry.touched)
      continue; // a holder we dropped ourselves may answer before our drop reached it
    if (holds)
      entry.holders.push_back(node); // a copy the log never saw (written, not synced)
    else
      entry.holders.erase(listed);   // a drop the log lost, or data the node no longer has
    log(chunk, entry, false);
  }
}

caf::behavior manager::make_behavior() {
  stats_->live = &chunks_;
  ask_inventories();
  delayed_send(this, options_.period, tick{});
  return {
    [this](const register_chunk& r) {
      on_register(r);
      return ack{true};
    },
    [this](const locate& request) { return on_locate(request); },
    [this](tick) {
      adapt();
      poll_nodes();
      delayed_send(this, options_.period, tick{});
    },
  };
}

bool manager::live(sim::node_id node) const {
  for (std::size_t i = 0; i < options_.nodes.size(); ++i)
    if (options_.nodes[i] == node)
      return now() - last_seen_[i] < options_.down_after;
  return false;
}

void manager::on_register(const register_chunk& r) {
  auto& entry = chunks_[r.chunk];
  entry.value = r.value;
  entry.bytes = r.bytes;
  // Two uploaders of a contested chunk both register it: merge their holders.
  for (auto node : r.holders)
    if (std::find(entry.holders.begin(), entry.holders.end(), node) == entry.holders.end())
      entry.holders.push_back(node);
  entry.touched = true;
  entry.changed = now();
  log(r.chunk, entry, true); // acknowledged only once it survives a crash
}

locations manager::on_locate(const locate& request) const {
  locations answer;
  for (std::uint64_t chunk = request.first; chunk < request.first + request.count; ++chunk) {
    auto i = chunks_.find(chunk);
    if (i == chunks_.end()) {
      answer.counts.push_back(0);
      continue;
    }
    // Live holders first: a client that tries them in order starts with a good one.
    auto holders = i->second.holders;
    std::stable_partition(holders.begin(), holders.end(),
                          [this](sim::node_id n) { return live(n); });
    answer.counts.push_back(static_cast<std::uint32_t>(holders.size()));
    answer.holders.insert(answer.holders.end(), holders.begin(), holders.end());
  }
  return answer;
}

void manager::poll_nodes() {
  for (std::size_t i = 0; i < options_.nodes.size(); ++i) {
    // A node that is down does not answer: it stays unseen.
    const auto& target = world_ref().lookup(options_.nodes[i]);
    request(target, options_.period / 2, status_query{})
      .then([this, i](const node_status& status) { on_status(i, status); },
            [](const caf::error&) {});
  }
}

void manager::on_status(std::size_t index, const node_status& status) {
  // A node back after being unseen may have lost or gained chunks meanwhile: ask it.
  if (now() - last_seen_[index] >= options_.down_after && stats_->reconciled) {
    ask_inventory(options_.nodes[index], false);
  }
  last_seen_[index] = now();
  for (std::size_t k = 0; k < status.chunks.size(); ++k)
    reads_this_period_[status.chunks[k]] += status.reads[k];
}

void manager::adapt() {
  double seconds = sim::to_seconds(options_.period);
  std::uint64_t replicas = 0;
  for (auto& [chunk, entry] : chunks_) {
    auto reads = reads_this_period_.count(chunk) ? reads_this_period_[chunk] : 0;
    entry.read_rate = 0.5 * entry.read_rate + 0.5 * reads / seconds;
    if (entry.read_rate > options_.hot_reads_per_second)
      entry.hot_until = now() + options_.calm_after;
    if (options_.adaptive)
      adapt_chunk(chunk, entry);
    replicas += entry.holders.size();
    stats_->max_replicas_seen =
      std::max<std::uint64_t>(stats_->max_replicas_seen, entry.holders.size());
  }
  reads_this_period_.clear();
  if (!chunks_.empty()) {
    stats_->replica_samples += static_cast<double>(replicas) / chunks_.size();
    ++stats_->samples;
  }
}

void manager::adapt_chunk(std::uint64_t chunk, chunk_entry& entry) {
  if (entry.copying)
    return;
  auto live_holders = static_cast<std::uint32_t>(
    std::count_if(entry.holders.begin(), entry.holders.end(),
                  [this](sim::node_id n) { return live(n); }));
  bool hot = entry.hot_until > now();
  auto want = hot ? options_.max_replicas : options_.base_replicas;
  if (live_holders < want) {
    copy_to_new_node(chunk, entry, live_holders >= options_.base_replicas);
    return;
  }
  bool all_live = live_holders == entry.holders.size();
  if (!hot && all_live && entry.holders.size() > options_.base_replicas) {
    auto victim = entry.holders.back(); // the newest copy goes first
    entry.holders.pop_back();           // clients stop being sent there before it is gone
    entry.touched = true;
    entry.changed = now();
    log(chunk, entry, false);
    ++stats_->dropped;
    send(world_ref().lookup(victim), drop_chunk{chunk});
  }
}

void manager::copy_to_new_node(std::uint64_t chunk, chunk_entry& entry, bool hot) {
  std::size_t best = options_.nodes.size();
  for (std::size_t i = 0; i < options_.nodes.size(); ++i) {
    auto node = options_.nodes[i];
    bool holds = std::find(entry.holders.begin(), entry.holders.end(), node) !=
                 entry.holders.end();
    if (holds || !live(node) || copies_to_[i] >= options_.copies_per_node)
      continue; // re-replication is throttled: copies compete with clients for disk and NIC
    if (best == options_.nodes.size() || copies_to_[i] < copies_to_[best])
      best = i;
  }
  auto source = std::find_if(entry.holders.begin(), entry.holders.end(),
                             [this](sim::node_id n) { return live(n); });
  if (best == options_.nodes.size() || source == entry.holders.end())
    return; // nowhere to copy to, or nothing live to copy from
  auto target_node = options_.nodes[best];
  entry.copying = true;
  ++copies_to_[best];
  request(world_ref().lookup(target_node), std::chrono::seconds(10),
          replicate{chunk, entry.value, entry.bytes, *source})
    .then(
      [this, chunk, best, target_node, hot](const ack& answer) {
        --copies_to_[best];
        auto& e = chunks_[chunk];
        e.copying = false;
        if (!answer.ok)
          return;
        e.holders.push_back(target_node);
        e.touched = true;
        e.changed = now();
        log(chunk, e, false);
        ++(hot ? stats_->added_hot : stats_->added_at_risk);
      },
      [this, chunk, best](const caf::error&) {
        --copies_to_[best];
        chunks_[chunk].copying = false;
      });
}

} // namespace detsim::actors::vstack
