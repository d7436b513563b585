// actors/ingest/space.cpp: admission, batching, commits and requeues of one space.
#include "detsim/actors/ingest/space.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace detsim::actors::ingest {

namespace {

constexpr const char* priority_names[] = {"high", "normal", "low"};

std::uint64_t observations_in(const std::vector<segment>& segments) {
  std::uint64_t total = 0;
  for (const auto& s : segments)
    total += s.count;
  return total;
}

} // namespace

ingest_space::ingest_space(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                           std::uint32_t index, const std::vector<sim::node_id>* workers,
                           space_options options, pipeline_state* state, ingest_stats* stats,
                           delivery_checker* checker)
  : runtime::node_actor(cfg, w, node),
    index_(index),
    workers_(workers),
    options_(options),
    state_(*state->spaces[index]),
    pipeline_(state),
    stats_(stats),
    checker_(checker) {
  // A restarted space lost what it held in memory: its queues and its batches' records.
  std::uint64_t held = state_.total_depth();
  for (const auto& [id, b] : state_.in_flight)
    held += observations_in(b.segments);
  stats_->resident_observations -= held;
  state_.clear_volatile();
  state_.depth_since = now();
}

caf::behavior ingest_space::make_behavior() {
  delayed_send(this, options_.batch_timeout / 2, space_sweep{});
  return {
    [this](observe& request) { return admit(request); },
    [this](const pull& request) { return hand_out(request); },
    [this](const indexed& report) { commit(report); },
    [this](space_sweep) {
      requeue_overdue();
      delayed_send(this, options_.batch_timeout / 2, space_sweep{});
    },
  };
}

admission ingest_space::admit(observe& request) {
  std::array<std::uint64_t, priority_count> wanted{};
  for (const auto& s : request.segments)
    wanted[s.priority] += s.count;
  for (int p = 0; p < priority_count; ++p)
    if (state_.depth[p] + wanted[p] > options_.capacity[p]) {
      stats_->rejected += wanted[0] + wanted[1] + wanted[2];
      checker_->on_admitted(index_, request.segments, false);
      return {false, fmt::format("{} queue full ({} of {})", priority_names[p], state_.depth[p],
                                 options_.capacity[p]), 0};
    }
  checker_->on_admitted(index_, request.segments, true);
  std::int64_t backpressure = 0;
  for (auto& s : request.segments) {
    change_depth(s.priority, s.count);
    state_.queues[s.priority].push_back(s);
    stats_->accepted += s.count;
    stats_->resident_observations += s.count;
  }
  for (int p = 0; p < priority_count; ++p)
    if (wanted[p] > 0 &&
        double(state_.depth[p]) >= options_.backpressure_at * double(options_.capacity[p]))
      backpressure = options_.backpressure_delay.count();
  if (backpressure > 0)
    ++stats_->backpressure_events;
  stats_->note_memory(options_.memory);
  wake_workers();
  return {true, {}, backpressure};
}

batch ingest_space::hand_out(const pull& request) {
  auto total = state_.total_depth();
  batch reply;
  reply.space = index_;
  reply.stolen = request.stolen;
  reply.index_size = state_.index_size;
  if (total == 0)
    return reply;
  // Adaptive batching: half the queue, within [batch_min, batch_max], never more than is there.
  auto size = std::clamp<std::uint64_t>(total / 2, options_.batch_min, options_.batch_max);
  reply.segments = take(std::min(size, total));
  std::uint8_t lowest = high;
  for (const auto& s : reply.segments)
    lowest = std::max(lowest, s.priority);
  checker_->on_batch(index_, lowest, state_.depth[high]);
  reply.id = ++state_.next_batch;
  ++stats_->batches;
  if (request.stolen)
    ++stats_->steals;
  if (!request.stolen || options_.steal_requeue)
    state_.in_flight[reply.id] = {request.worker, now(), reply.segments};
  return reply;
}

std::vector<segment> ingest_space::take(std::uint64_t count) {
  std::vector<segment> taken;
  for (int p = 0; p < priority_count && count > 0; ++p) {
    auto& queue = state_.queues[p];
    while (count > 0 && !queue.empty()) {
      auto& front = queue.front();
      auto n = static_cast<std::uint32_t>(std::min<std::uint64_t>(front.count, count));
      taken.push_back(front);
      taken.back().count = n;
      front.first += n;
      front.count -= n;
      if (front.count == 0)
        queue.pop_front();
      change_depth(p, -std::int64_t{n});
      count -= n;
    }
  }
  return taken;
}

void ingest_space::commit(const indexed& report) {
  auto tracked = state_.in_flight.find(report.batch);
  if (tracked != state_.in_flight.end())
    state_.in_flight.erase(tracked);
  else if (!(report.stolen && !options_.steal_requeue))
    return; // a late report of a batch already requeued: its copy will be committed instead
  auto count = observations_in(report.segments);
  checker_->on_indexed(index_, report.segments);
  for (const auto& s : report.segments) {
    auto latency = (now() - sim::time_point{sim::duration{s.due_ns}}).count();
    stats_->latency.record(latency, s.count);
    stats_->space_latency[index_].record(latency, s.count);
  }
  state_.index_size += count;
  stats_->index_total += count;
  stats_->indexed += count;
  stats_->space_indexed[index_] += count;
  ingest_stats::at(stats_->indexed_by_bucket, now()) += count;
  stats_->resident_observations -= count;
  stats_->note_memory(options_.memory);
}

void ingest_space::requeue_overdue() {
  bool requeued = false;
  for (auto i = state_.in_flight.begin(); i != state_.in_flight.end();) {
    if (now() - i->second.handed_at < options_.batch_timeout) {
      ++i;
      continue;
    }
    // Oldest work goes back to the front of its queue, in its original order.
    const auto& segments = i->second.segments;
    for (auto s = segments.rbegin(); s != segments.rend(); ++s) {
      state_.queues[s->priority].push_front(*s);
      change_depth(s->priority, s->count);
    }
    ++stats_->requeued_batches;
    requeued = true;
    i = state_.in_flight.erase(i);
  }
  if (requeued)
    wake_workers();
}

void ingest_space::change_depth(int priority, std::int64_t delta) {
  // The depth histogram is weighted by the microseconds the space spent at each depth.
  auto spent = (now() - state_.depth_since).count() / 1000;
  stats_->queue_depth.record(static_cast<std::int64_t>(state_.total_depth()),
                             static_cast<std::uint64_t>(std::max<std::int64_t>(spent, 0)));
  state_.depth_since = now();
  state_.depth[priority] = static_cast<std::uint64_t>(std::int64_t(state_.depth[priority]) + delta);
  state_.depth_gauge.store(state_.total_depth(), std::memory_order_relaxed);
  auto& peak = ingest_stats::at(stats_->depth_max_by_bucket[index_], now());
  peak = std::max(peak, state_.total_depth());
}

void ingest_space::wake_workers() {
  // A space belongs to one worker (space % workers); others only steal, above the threshold.
  auto workers = static_cast<std::uint32_t>(workers_->size());
  auto owner = index_ % workers;
  if (pipeline_->workers[owner].idle)
    return wake(owner);
  if (state_.total_depth() <= options_.steal_threshold)
    return;
  for (std::uint32_t w = 0; w < workers; ++w)
    if (pipeline_->workers[w].idle)
      return wake(w);
}

void ingest_space::wake(std::uint32_t worker) {
  auto& slot = pipeline_->workers[worker];
  slot.idle = false;
  // A sleeping poller looks again at its next period boundary.
  auto period = options_.idle_sleep.count();
  auto slept = (now() - slot.idle_since).count();
  auto delay = period > 0 ? (period - slept % period) % period : 0;
  const auto& target = world_ref().lookup((*workers_)[worker]);
  if (delay == 0)
    send(target, worker_wake{});
  else
    delayed_send(target, sim::duration{delay}, worker_wake{});
}

} // namespace detsim::actors::ingest
