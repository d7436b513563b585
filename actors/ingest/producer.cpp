// actors/ingest/producer.cpp: the producer's Poisson schedule, its sends and backpressure.
#include "detsim/actors/ingest/producer.hpp"

namespace detsim::actors::ingest {

ingest_producer::ingest_producer(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                                 std::uint32_t index, const std::vector<sim::node_id>* spaces,
                                 producer_options options, pipeline_state* state,
                                 ingest_stats* stats, delivery_checker* checker)
  : runtime::node_actor(cfg, w, node),
    index_(index),
    spaces_(spaces),
    options_(options),
    slot_(state->producers[index]),
    stats_(stats),
    checker_(checker),
    pending_(spaces->size()) {
}

caf::behavior ingest_producer::make_behavior() {
  next_due_ = now() + draw_gap();
  schedule_next();
  return {
    [this](tick) {
      // Everything the schedule made due by now is emitted with its own due time: a
      // producer that runs late catches up instead of quietly offering less (the way
      // wrk2 avoids coordinated omission).
      while (next_due_ <= now() && next_due_ < options_.stop_at) {
        emit(next_due_);
        next_due_ += draw_gap();
      }
      if (now() >= paused_until_)
        flush();
      schedule_next();
    },
    [this](resume_sending) {
      if (now() >= paused_until_)
        flush();
    },
  };
}

sim::duration ingest_producer::draw_gap() {
  double mean_gap_ns = double(options_.client_batch) / options_.rate * 1e9;
  return sim::clamp_delay(random().exponential(mean_gap_ns));
}

void ingest_producer::schedule_next() {
  if (next_due_ < options_.stop_at)
    delayed_send(this, std::max(next_due_ - now(), sim::duration{0}), tick{});
}

std::uint32_t ingest_producer::draw_space() {
  auto spaces = spaces_->size();
  if (options_.skew > 0 && random().chance(options_.skew))
    return 0;
  return static_cast<std::uint32_t>(random().below(spaces));
}

std::uint8_t ingest_producer::draw_priority() {
  auto u = random().unit();
  if (u < options_.high_share)
    return high;
  return u < options_.high_share + options_.low_share ? low : normal;
}

void ingest_producer::emit(sim::time_point due) {
  segment s;
  s.producer = index_;
  s.first = slot_.next_sequence;
  s.count = options_.client_batch;
  s.priority = draw_priority();
  s.due_ns = due.count();
  slot_.next_sequence += s.count;
  stats_->offered += s.count;
  pending_[draw_space()].push_back(s);
}

void ingest_producer::flush() {
  for (std::uint32_t space = 0; space < pending_.size(); ++space)
    if (!pending_[space].empty()) {
      send_to_space(space, std::move(pending_[space]));
      pending_[space].clear();
    }
}

void ingest_producer::send_to_space(std::uint32_t space, std::vector<segment> segments) {
  const auto& target = world_ref().lookup((*spaces_)[space]);
  request(target, options_.request_timeout, observe{space, segments})
    .then(
      [this, segments](const admission& answer) {
        checker_->on_told(segments, answer.accepted);
        if (answer.backpressure_ns > 0) {
          paused_until_ = std::max(paused_until_, now() + sim::duration{answer.backpressure_ns});
          delayed_send(this, paused_until_ - now(), resume_sending{});
        }
      },
      // No answer: the producer cannot know whether they were admitted (nor can we).
      [](const caf::error&) {});
}

} // namespace detsim::actors::ingest
