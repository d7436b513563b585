// actors/helios/replica.cpp: writes, reads, syncs and anti-entropy.
#include "detsim/actors/helios/replica.hpp"

#include <algorithm>

namespace detsim::actors::helios {

replica::replica(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                 replica_options options, replica_probe* probe)
  : runtime::node_actor(cfg, w, node), options_(options), probe_(probe),
    log_(store(), options.checkpoint_every) {
  log_.recover(store_);
  // What recovery found is on disk: durable, torn-off whole records included.
  synced_ = store_.size();
  for (std::uint32_t i = 0; i < store_.size(); ++i)
    probe_->durable.insert(store_.id_of(i));
  probe_->store = &store_;
}

replica::~replica() {
  if (probe_->store == &store_)
    probe_->store = nullptr;
}

void replica::send_to(sim::node_id node, caf::message message) {
  send(caf::actor_cast<caf::actor>(world_ref().lookup(node)), std::move(message));
}

std::vector<std::string> replica::store_items(const std::vector<commit_item>& items) {
  std::vector<std::string> ids;
  for (const auto& item : items) {
    digest parent{};
    bool has_parent = parse_digest(item.parent, parent) && store_.contains(parent);
    if (item.is_delta || item.data.size() > 65535) {
      ids.emplace_back(); // replicas take whole states only
      continue;
    }
    auto before = store_.size();
    auto result = store_.commit(has_parent ? &parent : nullptr, item.data);
    if (result.created)
      log_.append(store_, static_cast<std::uint32_t>(before));
    ids.push_back(bytes_of(result.id));
  }
  return ids;
}

void replica::sync_now() {
  store().sync();
  log_.checkpoint_if_due(store_);
  for (auto i = synced_; i < store_.size(); ++i)
    probe_->durable.insert(store_.id_of(static_cast<std::uint32_t>(i)));
  synced_ = store_.size();
}

void replica::after_write() {
  if (options_.sync_before_ack) {
    sync_now();
  } else if (!flush_scheduled_) {
    flush_scheduled_ = true;
    delayed_send(this, options_.flush_interval, flush_tick{});
  }
}

caf::behavior replica::make_behavior() {
  // A (re)started replica catches up at once, then every anti_entropy_every.
  start_anti_entropy();
  delayed_send(this, options_.anti_entropy_every, anti_entropy_tick{});
  return {
    [this](const replicate& request) {
      auto ids = store_items(request.items);
      after_write(); // the broken variant answers before its data is on disk
      return replicate_ack{std::move(ids)};
    },
    [this](const read_state& request) {
      digest id{};
      read_result result;
      if (parse_digest(request.id, id))
        if (auto content = store_.get(id)) {
          result.found = true;
          result.content = std::move(*content);
        }
      return result;
    },
    [this](flush_tick) {
      flush_scheduled_ = false;
      sync_now();
    },
    [this](anti_entropy_tick) {
      start_anti_entropy();
      delayed_send(this, options_.anti_entropy_every, anti_entropy_tick{});
    },
    [this](const ae_digest& summary) {
      if (summary.size == store_.size() && summary.digest == bytes_of(store_.set_digest()))
        return;
      ae_inventory inventory{node(), {}};
      for (std::uint32_t i = 0; i < store_.size(); ++i)
        inventory.ids.push_back(bytes_of(store_.id_of(i)));
      send_to(summary.from, caf::make_message(std::move(inventory)));
    },
    [this](const ae_inventory& inventory) { on_inventory(inventory); },
    [this](const ae_pull& pull) {
      std::vector<std::uint32_t> indices;
      for (const auto& bytes : pull.ids) {
        digest id{};
        if (parse_digest(bytes, id))
          if (auto index = store_.find(id))
            indices.push_back(*index);
      }
      std::sort(indices.begin(), indices.end()); // parents before children
      send_to(pull.from, caf::make_message(ae_push{items_for(indices)}));
    },
    [this](const ae_push& push) {
      store_items(push.items);
      after_write();
    },
  };
}

void replica::start_anti_entropy() {
  std::vector<sim::node_id> peers;
  for (auto other : *options_.replicas)
    if (other != node())
      peers.push_back(other);
  if (peers.empty())
    return;
  auto peer = peers[random().below(peers.size())];
  send_to(peer, caf::make_message(ae_digest{node(), store_.size(), bytes_of(store_.set_digest())}));
}

void replica::on_inventory(const ae_inventory& inventory) {
  std::set<digest> theirs;
  std::vector<std::string> wanted;
  for (const auto& bytes : inventory.ids) {
    digest id{};
    if (!parse_digest(bytes, id))
      continue;
    theirs.insert(id);
    if (!store_.contains(id))
      wanted.push_back(bytes);
  }
  std::vector<std::uint32_t> missing_there;
  for (std::uint32_t i = 0; i < store_.size(); ++i)
    if (!theirs.count(store_.id_of(i)))
      missing_there.push_back(i);
  if (!missing_there.empty())
    send_to(inventory.from, caf::make_message(ae_push{items_for(missing_there)}));
  if (!wanted.empty())
    send_to(inventory.from, caf::make_message(ae_pull{node(), std::move(wanted)}));
}

std::vector<commit_item> replica::items_for(const std::vector<std::uint32_t>& indices) const {
  std::vector<commit_item> items;
  for (auto i : indices) {
    commit_item item;
    auto parent = store_.parent_of(i);
    if (parent != state_store::none)
      item.parent = bytes_of(store_.id_of(parent));
    store_.materialize(i, item.data);
    items.push_back(std::move(item));
  }
  return items;
}

} // namespace detsim::actors::helios
