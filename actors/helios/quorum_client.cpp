// actors/helios/quorum_client.cpp: quorum writes, quorum reads and read repair.
#include "detsim/actors/helios/quorum_client.hpp"

#include <fmt/format.h>

namespace detsim::actors::helios {

quorum_client::quorum_client(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                             std::uint32_t index, quorum_client_options options,
                             quorum_checker* checker, quorum_client_stats* stats)
  : runtime::node_actor(cfg, w, node), index_(index), options_(options), checker_(checker),
    stats_(stats), hasher_(std::make_unique<sha256>()) {}

caf::behavior quorum_client::make_behavior() {
  auto period = sim::duration{static_cast<std::int64_t>(1e9 / options_.rate_hz)};
  delayed_send(this, sim::duration{static_cast<std::int64_t>(random().below(period.count()))},
               client_tick{});
  return {
    [this, period](client_tick) {
      if (now() >= options_.stop_at)
        return;
      if (!busy_)
        next_operation();
      delayed_send(this, period, client_tick{});
    },
  };
}

void quorum_client::next_operation() {
  busy_ = true;
  if (checker_->written_states().empty() || !random().chance(options_.read_share))
    write();
  else
    read();
}

void quorum_client::finish_operation() { busy_ = false; }

void quorum_client::write() {
  ++stats_->writes;
  std::string content = fmt::format("client {} state {} ", index_, ++counter_);
  while (content.size() < 64)
    content += static_cast<char>('a' + random().below(26));
  auto id = bytes_of(hasher_->of(content));
  checker_->written(id, content);
  replicate_all({commit_item{last_acknowledged_, content, false}}, [this, id](bool acked) {
    if (acked) {
      ++stats_->writes_acknowledged;
      stats_->acknowledged_over_time.add(now(), 1);
      checker_->acknowledged(id, now());
      last_acknowledged_ = id;
    } else {
      ++stats_->writes_failed;
      stats_->failed_over_time.add(now(), 1);
    }
    finish_operation();
  });
}

void quorum_client::replicate_all(std::vector<commit_item> items, std::function<void(bool)> done) {
  auto r = std::make_shared<round>();
  auto total = static_cast<std::uint32_t>(options_.replicas->size());
  auto settle = [this, r, total, done] {
    if (r->decided)
      return;
    if (r->acks >= majority()) {
      r->decided = true;
      done(true);
    } else if (r->answered + r->errors == total) {
      r->decided = true;
      done(false);
    }
  };
  for (auto node : *options_.replicas)
    request(caf::actor_cast<caf::actor>(world_ref().lookup(node)), options_.timeout, replicate{items})
      .then(
        [r, settle](const replicate_ack& ack) {
          ++r->answered;
          if (!ack.ids.empty() && !ack.ids.front().empty())
            ++r->acks;
          settle();
        },
        [r, settle](const caf::error&) {
          ++r->errors;
          settle();
        });
}

void quorum_client::read() {
  ++stats_->reads;
  // Mostly states known acknowledged; sometimes any written state, acknowledged or not.
  const auto& acknowledged = checker_->acknowledged_states();
  std::string id, content;
  if (!acknowledged.empty() && random().chance(0.7)) {
    id = acknowledged[random().below(acknowledged.size())];
  } else {
    const auto& written = checker_->written_states();
    id = written[random().below(written.size())].first;
  }
  auto r = std::make_shared<round>();
  auto found_content = std::make_shared<std::string>();
  auto started = now();
  auto total = static_cast<std::uint32_t>(options_.replicas->size());
  auto settle = [this, r, total, id, found_content, started] {
    if (r->decided)
      return;
    if (r->answered >= majority()) {
      r->decided = true;
      if (r->found == 0) {
        ++stats_->reads_missing;
        stats_->missing_reads_over_time.add(now(), 1);
        checker_->read_missed(id, started, now());
        return finish_operation();
      }
      if (r->found >= majority()) {
        ++stats_->reads_committed;
        stats_->committed_reads_over_time.add(now(), 1);
        checker_->read_committed(id, r->found, majority(), now());
        return finish_operation();
      }
      repair(id, *found_content);
    } else if (r->answered + r->errors == total) {
      r->decided = true;
      ++stats_->reads_unavailable;
      finish_operation();
    }
  };
  for (auto node : *options_.replicas)
    request(caf::actor_cast<caf::actor>(world_ref().lookup(node)), options_.timeout, read_state{id})
      .then(
        [this, r, settle, id, found_content](const read_result& result) {
          ++r->answered;
          if (result.found) {
            if (bytes_of(hasher_->of(result.content)) != id) {
              checker_->read_corrupt(id, now());
            } else {
              ++r->found;
              *found_content = result.content;
            }
          }
          settle();
        },
        [r, settle](const caf::error&) {
          ++r->errors;
          settle();
        });
}

void quorum_client::repair(const std::string& id, const std::string& content) {
  // Found on fewer than a majority: write it back to all before calling it committed.
  ++stats_->repairs;
  replicate_all({commit_item{{}, content, false}}, [this, id](bool acked) {
    if (acked) {
      ++stats_->reads_committed;
      stats_->committed_reads_over_time.add(now(), 1);
      checker_->read_committed(id, majority(), majority(), now());
    } else {
      ++stats_->reads_unavailable;
    }
    finish_operation();
  });
}

} // namespace detsim::actors::helios
