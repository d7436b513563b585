// actors/helios/store_server.cpp: requests, the cost model, group commit and recovery.
#include "detsim/actors/helios/store_server.hpp"

#include "detsim/runtime/process_usage.hpp"

#include <algorithm>

namespace detsim::actors::helios {

store_server::store_server(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                           server_options options, store_stats* stats, store_probe* probe)
  : runtime::node_actor(cfg, w, node), options_(options), stats_(stats), probe_(probe),
    store_(options.store) {
  if (options_.persist) {
    log_ = std::make_unique<store_log>(store(), options_.checkpoint_every);
    recover();
  }
  probe_->store = &store_;
}

store_server::~store_server() {
  if (probe_->store == &store_)
    probe_->store = nullptr;
}

void store_server::recover() {
  auto started = runtime::stopwatch_ns();
  auto result = log_->recover(store_);
  stats_->recovery_wall_ns = runtime::stopwatch_ns() - started;
  stats_->last_recovery = result;
  if (result.states > 0 || result.torn_bytes > 0)
    ++stats_->recoveries;
}

template <class Reply>
void store_server::answer(Reply reply, sim::duration cost, bool durable) {
  auto asker = caf::actor_cast<caf::actor>(current_sender());
  busy_until_ = std::max(now(), busy_until_) + service_time(cost);
  if (durable && options_.persist) {
    awaiting_sync_.emplace_back(std::move(asker), caf::make_message(std::move(reply)));
    if (!sync_scheduled_) {
      sync_scheduled_ = true;
      delayed_send(this, busy_until_ - now(), sync_tick{});
    }
    return;
  }
  if (asker)
    delayed_send(asker, busy_until_ - now(), std::move(reply));
}

void store_server::on_sync() {
  sync_scheduled_ = false;
  store().sync();
  log_->checkpoint_if_due(store_);
  busy_until_ = std::max(now(), busy_until_) + service_time(options_.sync_cost);
  for (auto& [asker, reply] : awaiting_sync_)
    if (asker)
      delayed_send(asker, busy_until_ - now(), std::move(reply));
  awaiting_sync_.clear();
}

std::string store_server::commit_one(const commit_item& item) {
  ++stats_->commits;
  digest parent{};
  bool has_parent = parse_digest(item.parent, parent);
  if ((!item.parent.empty() && !has_parent) || (item.is_delta && !has_parent) ||
      item.data.size() > options_.store.max_state_bytes) {
    ++stats_->refused;
    return {};
  }
  auto before = store_.size();
  auto started = runtime::stopwatch_ns();
  std::optional<commit_result> result;
  if (item.is_delta)
    result = store_.commit_delta(parent, item.data);
  else
    result = store_.commit(has_parent ? &parent : nullptr, item.data);
  stats_->commit_cpu_ns.record(runtime::stopwatch_ns() - started);
  if (!result) {
    ++stats_->refused;
    return {};
  }
  if (result->created) {
    ++stats_->created;
    if (log_)
      log_->append(store_, static_cast<std::uint32_t>(before));
  } else {
    ++stats_->deduplicated;
  }
  return bytes_of(result->id);
}

commit_reply store_server::on_commit(const commit_request& request) {
  commit_reply reply;
  reply.ticket = request.ticket;
  reply.ids.reserve(request.items.size());
  for (const auto& item : request.items)
    reply.ids.push_back(commit_one(item));
  if (request.want_root) {
    reply.size = store_.size();
    reply.root = bytes_of(store_.root(reply.size));
  }
  auto t = now();
  auto wall = runtime::stopwatch_ns();
  if (stats_->first_commit_wall_ns == 0)
    stats_->first_commit_wall_ns = wall;
  stats_->last_commit_wall_ns = wall;
  stats_->last_commit_at = t;
  stats_->commits_over_time.add(t, request.items.size());
  if (stats_->growth.empty() || t - stats_->growth.back().at >= stats_->every)
    stats_->sample(t, store_.size(), store_.memory_bytes());
  else
    stats_->states = store_.size();
  return reply;
}

get_reply store_server::on_get(const get_request& request) {
  ++stats_->gets;
  get_reply reply{request.ticket, false, {}};
  digest id{};
  auto started = runtime::stopwatch_ns();
  if (parse_digest(request.id, id))
    if (auto content = store_.get(id)) {
      reply.found = true;
      reply.content = std::move(*content);
    }
  stats_->get_cpu_ns.record(runtime::stopwatch_ns() - started);
  return reply;
}

fork_reply store_server::on_fork(const fork_request& request) {
  ++stats_->forks;
  digest id{};
  auto started = runtime::stopwatch_ns();
  bool ok = parse_digest(request.id, id) && store_.fork(request.name, id);
  stats_->fork_cpu_ns.record(runtime::stopwatch_ns() - started);
  return {request.ticket, ok};
}

log_reply store_server::on_log(const log_request& request) {
  log_reply reply{request.ticket, {}};
  digest id{};
  if (parse_digest(request.id, id))
    for (const auto& d : store_.log(id, request.limit))
      reply.ids.push_back(bytes_of(d));
  return reply;
}

merge_reply store_server::on_merge(const merge_request& request) {
  ++stats_->merges;
  merge_reply reply;
  reply.ticket = request.ticket;
  digest a{}, b{};
  if (!parse_digest(request.a, a) || !parse_digest(request.b, b)) {
    reply.error = "malformed digest";
    return reply;
  }
  auto before = store_.size();
  auto result = store_.merge(a, b);
  reply.error = result.error;
  reply.conflicts = result.conflicts;
  if (result.merged) {
    reply.id = bytes_of(result.merged->id);
    if (result.merged->created && log_)
      log_->append(store_, static_cast<std::uint32_t>(before));
  }
  if (!result.conflicts.empty())
    ++stats_->merge_conflicts;
  return reply;
}

prove_reply store_server::on_prove(const prove_request& request) {
  ++stats_->proofs;
  prove_reply reply;
  reply.ticket = request.ticket;
  digest id{};
  std::optional<merkle_proof> proof;
  if (parse_digest(request.id, id))
    proof = store_.prove(id, request.size);
  if (!proof)
    return reply;
  reply.found = true;
  reply.index = proof->index;
  reply.size = proof->size;
  for (const auto& d : proof->path)
    reply.path.push_back(bytes_of(d));
  for (const auto& d : proof->peaks)
    reply.peaks.push_back(bytes_of(d));
  return reply;
}

caf::behavior store_server::make_behavior() {
  return {
    [this](const commit_request& request) {
      auto items = std::max<std::int64_t>(static_cast<std::int64_t>(request.items.size()), 1);
      answer(on_commit(request), options_.commit_cost * items, true);
    },
    [this](sync_tick) { on_sync(); },
    [this](const get_request& request) { answer(on_get(request), options_.read_cost); },
    [this](const fork_request& request) { answer(on_fork(request), options_.read_cost); },
    [this](const log_request& request) {
      auto reply = on_log(request);
      auto states = std::max<std::int64_t>(static_cast<std::int64_t>(reply.ids.size()), 1);
      answer(std::move(reply), options_.read_cost * states);
    },
    [this](const merge_request& request) { answer(on_merge(request), options_.merge_cost, true); },
    [this](const prove_request& request) { answer(on_prove(request), options_.proof_cost); },
  };
}

} // namespace detsim::actors::helios
