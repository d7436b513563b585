// actors/vstack/uploader.cpp: the proposer's phases, quorum counting, retries, and the
// storing and registering that acknowledge an upload.
#include "detsim/actors/vstack/uploader.hpp"

#include "detsim/actors/vstack/messages.hpp"

#include <algorithm>

namespace detsim::actors::vstack {

uploader::uploader(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                   std::uint32_t index, std::vector<sim::node_id> acceptors,
                   std::vector<upload> uploads, uploader_options options,
                   uploader_stats* stats, checker* check)
  : runtime::node_actor(cfg, w, node),
    index_(index),
    acceptors_(std::move(acceptors)),
    uploads_(std::move(uploads)),
    options_(options),
    stats_(stats),
    checker_(check) {}

caf::behavior uploader::make_behavior() {
  if (!uploads_.empty()) {
    ++stats_->uploading;
    stats_->max_uploading = std::max(stats_->max_uploading, stats_->uploading);
  }
  fill_window();
  return {
    [this](const retry& r) {
      auto i = std::find_if(slots_.begin(), slots_.end(),
                            [&](const auto& entry) { return entry.second.attempt == r.attempt; });
      if (i == slots_.end())
        return; // the attempt moved on (or the upload finished) meanwhile
      auto& s = i->second;
      if (s.where == stage::consensus)
        begin_attempt(s);
      else if (s.where == stage::storing)
        store_more(s);
      else
        register_chunk(s);
    },
  };
}

uploader::slot* uploader::current(std::size_t upload, std::uint64_t attempt) {
  auto i = slots_.find(upload);
  return i != slots_.end() && i->second.attempt == attempt ? &i->second : nullptr;
}

void uploader::fill_window() {
  while (slots_.size() < std::max<std::uint32_t>(options_.window, 1) &&
         next_upload_ < uploads_.size())
    start(next_upload_++);
}

void uploader::start(std::size_t upload) {
  auto& s = slots_[upload];
  s.upload = upload;
  stats_->max_in_flight = std::max(stats_->max_in_flight, ++stats_->in_flight);
  const auto& u = uploads_[upload];
  checker_->on_proposed(u.chunk, u.value);
  s.started = now();
  s.round = u.owner && !options_.classic ? 0 : 1;
  begin_attempt(s);
}

void uploader::begin_attempt(slot& s) {
  s.attempt = ++attempt_;
  s.ballot = make_ballot(s.round, index_);
  s.value = uploads_[s.upload].value;
  s.best_accepted = 0;
  s.highest_seen = 0;
  s.oks = 0;
  s.answers = 0;
  const auto chunk = uploads_[s.upload].chunk;
  // Round 0 is the owner's alone: nothing can be accepted below it, so phase 1 is moot.
  if (s.round == 0)
    broadcast(s, accept{chunk, s.ballot, s.value}, &uploader::on_accepted);
  else
    broadcast(s, prepare{chunk, s.ballot}, &uploader::on_promise);
}

bool uploader::quorum_lost(const slot& s) const {
  auto majority = acceptors_.size() / 2 + 1;
  return s.oks + (acceptors_.size() - s.answers) < majority;
}

void uploader::give_up_round(slot& s) {
  ++stats_->retries;
  s.round = std::max(s.round, round_of(s.highest_seen)) + 1;
  auto wait = sim::duration{static_cast<std::int64_t>(
    random().below(static_cast<std::uint64_t>(options_.backoff_max.count()) + 1))};
  s.attempt = ++attempt_; // answers still on their way belong to the abandoned attempt
  delayed_send(this, wait, retry{s.attempt});
}

void uploader::on_silence(slot& s) {
  ++s.answers;
  if (quorum_lost(s))
    give_up_round(s);
}

template <class Request, class Reply>
void uploader::broadcast(slot& s, const Request& message,
                         void (uploader::*on_reply)(slot&, const Reply&)) {
  auto upload = s.upload;
  auto attempt = s.attempt;
  for (auto node : acceptors_) {
    // A node that is down answers nothing: its request times out.
    const auto& target = world_ref().lookup(node);
    ++stats_->messages;
    request(target, options_.request_timeout, message)
      .then(
        [this, upload, attempt, on_reply](const Reply& reply) {
          ++stats_->messages; // late answers cost a message too
          if (auto* live = current(upload, attempt))
            (this->*on_reply)(*live, reply);
        },
        [this, upload, attempt](const caf::error&) {
          if (auto* live = current(upload, attempt))
            on_silence(*live);
        });
  }
}

void uploader::on_promise(slot& s, const promise& reply) {
  ++s.answers;
  if (!reply.ok) {
    s.highest_seen = std::max(s.highest_seen, reply.promised);
  } else {
    ++s.oks;
    if (reply.accepted_ballot > s.best_accepted) {
      // Someone may already have a value chosen: propose the highest accepted one.
      s.best_accepted = reply.accepted_ballot;
      s.value = reply.accepted_value;
    }
  }
  if (s.oks == acceptors_.size() / 2 + 1) {
    if (s.value != uploads_[s.upload].value)
      ++stats_->adopted;
    s.oks = 0;
    s.answers = 0;
    s.attempt = ++attempt_;
    broadcast(s, accept{uploads_[s.upload].chunk, s.ballot, s.value}, &uploader::on_accepted);
    return;
  }
  if (quorum_lost(s))
    give_up_round(s);
}

void uploader::on_accepted(slot& s, const accepted& reply) {
  ++s.answers;
  if (!reply.ok)
    s.highest_seen = std::max(s.highest_seen, reply.promised);
  else
    ++s.oks;
  if (s.oks == acceptors_.size() / 2 + 1)
    return on_chosen(s);
  if (quorum_lost(s))
    give_up_round(s);
}

void uploader::on_chosen(slot& s) {
  ++stats_->chosen;
  stats_->choose_latency.record((now() - s.started).count());
  auto chunk = uploads_[s.upload].chunk;
  checker_->on_chosen(chunk, s.value, index_, world_ref().global_now());
  s.attempt = ++attempt_; // late answers of this chunk's consensus change nothing
  if (options_.replicas == 0)
    return finish(s);
  s.where = stage::storing;
  s.holders.clear();
  s.stores_out = 0;
  // Each chunk ranks the nodes its own way, so data spreads evenly over them.
  s.store_candidates = acceptors_;
  auto rank = [chunk](sim::node_id n) {
    std::uint64_t state = chunk * 0x9E3779B97F4A7C15ULL + n;
    return sim::splitmix64(state);
  };
  std::sort(s.store_candidates.begin(), s.store_candidates.end(),
            [&](sim::node_id a, sim::node_id b) { return rank(a) < rank(b); });
  store_more(s);
}

void uploader::finish(slot& s) {
  slots_.erase(s.upload); // `s` is gone from here on
  ++finished_;
  --stats_->in_flight;
  fill_window();
  if (finished_ == uploads_.size())
    --stats_->uploading;
}

void uploader::store_more(slot& s) {
  auto upload = s.upload;
  auto attempt = s.attempt;
  const auto& u = uploads_[upload];
  while (s.holders.size() + s.stores_out < options_.replicas && !s.store_candidates.empty()) {
    auto node = s.store_candidates.front();
    s.store_candidates.erase(s.store_candidates.begin());
    const auto& target = world_ref().lookup(node);
    ++s.stores_out;
    auto stored = [this, upload, attempt, node](bool ok) {
      if (auto* live = current(upload, attempt))
        on_stored(*live, node, ok);
    };
    request(target, options_.store_timeout,
            vstack::store_chunk{u.chunk, s.value, options_.chunk_bytes})
      .then([stored](const vstack::ack& d) { stored(d.ok); },
            [stored](const caf::error&) { stored(false); });
  }
  if (s.stores_out == 0 && s.holders.size() < options_.replicas) {
    // Every node was tried: start over with the ones that do not hold it yet.
    for (auto node : acceptors_)
      if (std::find(s.holders.begin(), s.holders.end(), node) == s.holders.end())
        s.store_candidates.push_back(node);
    retry_later(s);
  }
}

void uploader::on_stored(slot& s, sim::node_id node, bool ok) {
  --s.stores_out;
  if (ok)
    s.holders.push_back(node);
  if (s.holders.size() >= options_.replicas) {
    s.attempt = ++attempt_;
    s.where = stage::registering;
    return register_chunk(s);
  }
  store_more(s);
}

void uploader::register_chunk(slot& s) {
  auto upload = s.upload;
  auto attempt = s.attempt;
  const auto& target = world_ref().lookup(options_.manager);
  if (!target)
    return retry_later(s);
  const auto& u = uploads_[upload];
  request(target, options_.store_timeout,
          vstack::register_chunk{u.chunk, s.value, options_.chunk_bytes, s.holders})
    .then(
      [this, upload, attempt](const vstack::ack&) {
        auto* live = current(upload, attempt);
        if (!live)
          return;
        live->attempt = ++attempt_;
        checker_->on_acknowledged(uploads_[upload].chunk);
        finish(*live);
      },
      [this, upload, attempt](const caf::error&) {
        if (auto* live = current(upload, attempt))
          retry_later(*live);
      });
}

void uploader::retry_later(slot& s) {
  s.attempt = ++attempt_; // answers still on their way belong to the abandoned attempt
  auto jitter = random().below(static_cast<std::uint64_t>(options_.backoff_max.count()) + 1);
  delayed_send(this, options_.backoff_max + sim::duration{static_cast<std::int64_t>(jitter)},
               retry{s.attempt});
}

} // namespace detsim::actors::vstack
