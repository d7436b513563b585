// actors/paxos_proposer.cpp: the proposer's phases, quorum counting and retries.
#include "actors/paxos_proposer.hpp"

#include "actors/vstack_messages.hpp"

#include <algorithm>

namespace paxos {

proposer::proposer(caf::actor_config& cfg, actors::world& w, sim::node_id node,
                   std::uint32_t index, std::vector<sim::node_id> acceptors,
                   std::vector<upload> uploads, proposer_options options,
                   proposer_stats* stats, checker* check)
  : actors::node_actor(cfg, w, node),
    index_(index),
    acceptors_(std::move(acceptors)),
    uploads_(std::move(uploads)),
    options_(options),
    stats_(stats),
    checker_(check) {}

caf::behavior proposer::make_behavior() {
  start_next();
  return {
    [this](const retry& r) {
      if (r.attempt != attempt_)
        return;
      if (stage_ == stage::consensus)
        begin_attempt();
      else if (stage_ == stage::storing)
        store_more();
      else
        register_chunk();
    },
  };
}

void proposer::start_next() {
  if (current_ == 0 && !uploads_.empty()) {
    ++stats_->uploading;
    stats_->max_uploading = std::max(stats_->max_uploading, stats_->uploading);
  }
  if (current_ >= uploads_.size()) {
    if (!uploads_.empty())
      --stats_->uploading;
    return;
  }
  stage_ = stage::consensus;
  const auto& u = uploads_[current_];
  checker_->on_proposed(u.chunk, u.value);
  chunk_started_ = now();
  round_ = u.owner && !options_.classic ? 0 : 1;
  begin_attempt();
}

void proposer::begin_attempt() {
  ++attempt_;
  ballot_ = make_ballot(round_, index_);
  value_ = uploads_[current_].value;
  best_accepted_ = 0;
  highest_seen_ = 0;
  oks_ = 0;
  answers_ = 0;
  // Round 0 is the owner's alone: nothing can be accepted below it, so phase 1 is moot.
  if (round_ == 0)
    phase2();
  else
    phase1();
}

bool proposer::quorum_lost() const {
  auto majority = acceptors_.size() / 2 + 1;
  return oks_ + (acceptors_.size() - answers_) < majority;
}

void proposer::give_up_round(ballot_t seen) {
  ++stats_->retries;
  round_ = std::max(round_, round_of(seen)) + 1;
  auto wait = sim::duration{static_cast<std::int64_t>(
    random().below(static_cast<std::uint64_t>(options_.backoff_max.count()) + 1))};
  ++attempt_; // answers still on their way belong to the abandoned attempt
  delayed_send(this, wait, retry{attempt_});
}

void proposer::on_silence(std::uint64_t attempt) {
  if (attempt != attempt_)
    return;
  ++answers_;
  if (quorum_lost())
    give_up_round(highest_seen_);
}

template <class Request, class Reply>
void proposer::broadcast(const Request& message,
                         void (proposer::*on_reply)(std::uint64_t, const Reply&)) {
  auto attempt = attempt_;
  for (auto node : acceptors_) {
    const auto& target = world_ref().lookup(node);
    if (!target) {
      on_silence(attempt); // a node that is down answers nothing
      continue;
    }
    ++stats_->messages;
    request(target, options_.request_timeout, message)
      .then([this, attempt, on_reply](const Reply& reply) { (this->*on_reply)(attempt, reply); },
            [this, attempt](const caf::error&) { on_silence(attempt); });
  }
}

void proposer::phase1() {
  broadcast(prepare{uploads_[current_].chunk, ballot_}, &proposer::on_promise);
}

void proposer::on_promise(std::uint64_t attempt, const promise& reply) {
  ++stats_->messages;
  if (attempt != attempt_)
    return;
  ++answers_;
  if (!reply.ok) {
    highest_seen_ = std::max(highest_seen_, reply.promised);
  } else {
    ++oks_;
    if (reply.accepted_ballot > best_accepted_) {
      // Someone may already have a value chosen: propose the highest accepted one.
      best_accepted_ = reply.accepted_ballot;
      value_ = reply.accepted_value;
    }
  }
  if (oks_ == acceptors_.size() / 2 + 1) {
    if (value_ != uploads_[current_].value)
      ++stats_->adopted;
    oks_ = 0;
    answers_ = 0;
    ++attempt_;
    phase2();
    return;
  }
  if (quorum_lost())
    give_up_round(highest_seen_);
}

void proposer::phase2() {
  broadcast(accept{uploads_[current_].chunk, ballot_, value_}, &proposer::on_accepted);
}

void proposer::on_accepted(std::uint64_t attempt, const accepted& reply) {
  ++stats_->messages;
  if (attempt != attempt_)
    return;
  ++answers_;
  if (!reply.ok)
    highest_seen_ = std::max(highest_seen_, reply.promised);
  else
    ++oks_;
  if (oks_ == acceptors_.size() / 2 + 1)
    return on_chosen();
  if (quorum_lost())
    give_up_round(highest_seen_);
}

void proposer::on_chosen() {
  ++stats_->chosen;
  stats_->choose_latency.record((now() - chunk_started_).count());
  checker_->on_chosen(uploads_[current_].chunk, value_, index_, world_ref().global_now());
  ++attempt_; // late answers of this chunk's consensus change nothing
  if (options_.replicas == 0)
    return finish_chunk();
  stage_ = stage::storing;
  holders_.clear();
  stores_out_ = 0;
  // Each chunk ranks the nodes its own way, so data spreads evenly over them.
  auto chunk = uploads_[current_].chunk;
  store_candidates_ = acceptors_;
  auto rank = [chunk](sim::node_id n) {
    std::uint64_t state = chunk * 0x9E3779B97F4A7C15ULL + n;
    return sim::splitmix64(state);
  };
  std::sort(store_candidates_.begin(), store_candidates_.end(),
            [&](sim::node_id a, sim::node_id b) { return rank(a) < rank(b); });
  store_more();
}

void proposer::finish_chunk() {
  ++current_;
  start_next();
}

void proposer::store_more() {
  auto attempt = attempt_;
  const auto& u = uploads_[current_];
  while (holders_.size() + stores_out_ < options_.replicas && !store_candidates_.empty()) {
    auto node = store_candidates_.front();
    store_candidates_.erase(store_candidates_.begin());
    const auto& target = world_ref().lookup(node);
    if (!target)
      continue; // down: try the next one
    ++stores_out_;
    request(target, options_.request_timeout * 10,
            vstack::store_chunk{u.chunk, value_, options_.chunk_bytes})
      .then([this, attempt, node](const vstack::ack& d) { on_stored(attempt, node, d.ok); },
            [this, attempt, node](const caf::error&) { on_stored(attempt, node, false); });
  }
  if (stores_out_ == 0 && holders_.size() < options_.replicas) {
    // Every node was tried: start over with the ones that do not hold it yet.
    for (auto node : acceptors_)
      if (std::find(holders_.begin(), holders_.end(), node) == holders_.end())
        store_candidates_.push_back(node);
    retry_later();
  }
}

void proposer::on_stored(std::uint64_t attempt, sim::node_id node, bool ok) {
  if (attempt != attempt_)
    return;
  --stores_out_;
  if (ok)
    holders_.push_back(node);
  if (holders_.size() >= options_.replicas) {
    ++attempt_;
    stage_ = stage::registering;
    return register_chunk();
  }
  store_more();
}

void proposer::register_chunk() {
  auto attempt = attempt_;
  const auto& target = world_ref().lookup(options_.manager);
  const auto& u = uploads_[current_];
  if (!target)
    return retry_later();
  request(target, options_.request_timeout * 10,
          vstack::register_chunk{u.chunk, value_, options_.chunk_bytes, holders_})
    .then(
      [this, attempt](const vstack::ack&) {
        if (attempt != attempt_)
          return;
        ++attempt_;
        checker_->on_acknowledged(uploads_[current_].chunk);
        finish_chunk();
      },
      [this, attempt](const caf::error&) {
        if (attempt == attempt_)
          retry_later();
      });
}

void proposer::retry_later() {
  ++attempt_; // answers still on their way belong to the abandoned attempt
  auto jitter = random().below(static_cast<std::uint64_t>(options_.backoff_max.count()) + 1);
  delayed_send(this, options_.backoff_max + sim::duration{static_cast<std::int64_t>(jitter)},
               retry{attempt_});
}

} // namespace paxos
