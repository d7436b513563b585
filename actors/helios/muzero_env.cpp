// actors/helios/muzero_env.cpp: dynamics steps, commits and rollbacks.
#include "detsim/actors/helios/muzero_env.hpp"

#include <cstring>
#include <fmt/format.h>

namespace detsim::actors::helios {

muzero_env::muzero_env(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                       std::uint32_t env, sim::node_id store_node, muzero_options options,
                       muzero_stats* stats)
  : runtime::node_actor(cfg, w, node), env_(env), store_node_(store_node), options_(options),
    stats_(stats) {}

caf::actor muzero_env::store_actor() {
  return caf::actor_cast<caf::actor>(world_ref().lookup(store_node_));
}

std::string muzero_env::dynamics(const std::string& hidden, std::uint64_t action) const {
  // A stand-in for the learned dynamics network, on integers so that every compiler and
  // optimisation level gives the same bits: each unit mixes itself, a neighbour and the
  // action, and is stored as a float in [-1, 1).
  auto n = options_.dimensions;
  std::string next(hidden.size(), '\0');
  for (std::uint32_t i = 0; i < n; ++i) {
    std::uint32_t self = 0, other = 0;
    std::memcpy(&self, hidden.data() + 4 * i, 4);
    std::memcpy(&other, hidden.data() + 4 * ((i * 7 + 1) % n), 4);
    std::uint64_t mixed = (std::uint64_t{self} << 32 | other) ^ (action * 0x9e3779b97f4a7c15ULL + i);
    mixed ^= mixed >> 29;
    mixed *= 0xbf58476d1ce4e5b9ULL;
    mixed ^= mixed >> 32;
    float value = static_cast<float>(static_cast<std::int32_t>(mixed)) / 2147483648.0f;
    std::memcpy(next.data() + 4 * i, &value, 4);
  }
  return next;
}

caf::behavior muzero_env::make_behavior() {
  hidden_.assign(4 * options_.dimensions, '\0');
  hidden_ = dynamics(hidden_, env_); // each environment starts from its own observation
  delayed_send(this, sim::duration{1'000'000'000 / options_.rate_hz}, muzero_tick{});
  return {
    [this](muzero_tick) {
      on_tick();
      delayed_send(this, sim::duration{1'000'000'000 / options_.rate_hz}, muzero_tick{});
    },
    [this](const commit_reply& reply) {
      for (auto i = sent_.begin(); i != sent_.end(); ++i)
        if (i->first == reply.ticket) {
          stats_->commit_latency_ns.record((now() - i->second).count());
          sent_.erase(i);
          break;
        }
      for (auto& s : window_)
        if (s.ticket == reply.ticket && !reply.ids.empty()) {
          s.id = reply.ids.front();
          ++stats_->commits_acked;
        }
    },
    [this](const get_reply& reply) { on_restored(reply); },
    [](const fork_reply&) {},
  };
}

void muzero_env::on_tick() {
  if (restoring_ != 0) {
    ++stats_->skipped_ticks;
    return;
  }
  if (since_rollback_ >= options_.lookahead && window_.size() > 1)
    return roll_back();
  hidden_ = dynamics(hidden_, random().below(18)); // one of Atari's 18 actions
  ++stats_->updates;
  ++since_rollback_;
  commit_item item{window_.empty() ? std::string{} : window_.back().id, hidden_, false};
  auto ticket = next_ticket_++;
  window_.push_back({ticket, {}, hidden_});
  sent_.emplace_back(ticket, now());
  send(store_actor(), commit_request{ticket, {std::move(item)}, false});
}

void muzero_env::roll_back() {
  // Back to a random earlier step whose digest is known; the line after it is kept as a
  // named branch, as a search would keep an alternative it may return to.
  std::vector<std::size_t> known;
  for (std::size_t i = 0; i + 1 < window_.size(); ++i)
    if (!window_[i].id.empty())
      known.push_back(i);
  if (known.empty() || window_.back().id.empty())
    return;
  auto target = known[random().below(known.size())];
  ++stats_->forks;
  send(store_actor(), fork_request{next_ticket_++,
                                   fmt::format("env-{}/line-{}", env_, stats_->rollbacks),
                                   window_.back().id});
  restoring_ = next_ticket_++;
  expected_ = window_[target].content;
  restore_sent_ = now();
  send(store_actor(), get_request{restoring_, window_[target].id});
  window_.resize(target + 1);
}

void muzero_env::on_restored(const get_reply& reply) {
  if (reply.ticket != restoring_)
    return;
  restoring_ = 0;
  ++stats_->rollbacks;
  stats_->rollback_latency_ns.record((now() - restore_sent_).count());
  if (!reply.found || reply.content != expected_) {
    ++stats_->rollback_mismatches;
    if (stats_->violations.size() < 10)
      stats_->violations.push_back(fmt::format(
        "env {}: rollback {} returned {}", env_, stats_->rollbacks,
        reply.found ? "bytes that differ from the committed step" : "no state"));
  }
  hidden_ = expected_;
  since_rollback_ = 0;
  // The window restarts at the restored step.
  auto restored = window_.back();
  window_.assign(1, restored);
}

} // namespace detsim::actors::helios
