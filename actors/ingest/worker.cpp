// actors/ingest/worker.cpp: the worker's loop: find work, run it on the CPU, report it.
#include "detsim/actors/ingest/worker.hpp"

#include <cmath>

namespace detsim::actors::ingest {

ingest_worker::ingest_worker(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                             std::uint32_t index, const std::vector<sim::node_id>* spaces,
                             sim::node_id cpu, worker_options options, pipeline_state* state,
                             ingest_stats* stats)
  : runtime::node_actor(cfg, w, node),
    index_(index),
    spaces_(spaces),
    cpu_(cpu),
    options_(options),
    slot_(state->workers[index]),
    state_(state),
    stats_(stats) {
  slot_ = worker_slot{}; // a restarted worker holds nothing of its previous life
}

caf::behavior ingest_worker::make_behavior() {
  find_work();
  return {
    [this](worker_wake) {
      if (!busy_)
        find_work();
    },
  };
}

void ingest_worker::find_work() {
  slot_.idle = false;
  auto spaces = static_cast<std::uint32_t>(spaces_->size());
  auto workers = static_cast<std::uint32_t>(state_->workers.size());
  auto depth = [this](std::uint32_t s) {
    return state_->spaces[s]->depth_gauge.load(std::memory_order_relaxed);
  };
  // Own spaces are index, index + workers, ...; take them in turn so none waits behind another.
  auto owned = index_ < spaces ? (spaces - index_ + workers - 1) / workers : 0;
  for (std::uint32_t k = 0; k < owned; ++k) {
    auto space = index_ + ((next_own_ + k) % owned) * workers;
    if (depth(space) > 0) {
      next_own_ = (next_own_ + k + 1) % owned;
      return ask(space, false);
    }
  }
  std::uint32_t deepest = spaces;
  for (std::uint32_t s = 0; s < spaces; ++s)
    if (s % workers != index_ && depth(s) > options_.steal_threshold &&
        (deepest == spaces || depth(s) > depth(deepest)))
      deepest = s;
  if (deepest < spaces)
    return ask(deepest, true);
  go_idle();
}

void ingest_worker::go_idle() {
  busy_ = false;
  slot_.idle = true;
  slot_.idle_since = now();
  delayed_send(this, options_.idle_recheck, worker_wake{});
}

void ingest_worker::ask(std::uint32_t space, bool stolen) {
  busy_ = true;
  request(world_ref().lookup((*spaces_)[space]), options_.request_timeout, pull{index_, stolen})
    .then([this](batch& b) { b.segments.empty() ? find_work() : work_on(b); },
          [this](const caf::error&) { go_idle(); });
}

std::int64_t ingest_worker::cost_of(const batch& b) const {
  std::uint64_t count = 0;
  for (const auto& s : b.segments)
    count += s.count;
  // HNSW-like insertion: each observation walks about log2(size) layers of the graph.
  double layers = std::log2(double(b.index_size) + double(count) / 2 + 2);
  double work = double(options_.batch_cost.count()) +
                double(count) * (double(options_.observation_cost.count()) +
                                 double(options_.insert_cost.count()) * layers);
  return sim::clamp_delay(work * slowdown()).count();
}

void ingest_worker::work_on(batch& b) {
  ++stats_->worker_batches[index_];
  if (b.stolen)
    ++stats_->worker_steals[index_];
  slot_.holding = true;
  slot_.space = b.space;
  slot_.batch = b.id;
  slot_.segments = b.segments;
  started_ = now();
  if (options_.real_work) {
    insert_for_real(b);
    return finish(b);
  }
  request(world_ref().lookup(cpu_), options_.request_timeout, cpu_run{index_, cost_of(b)})
    .then([this, b](cpu_done) mutable { finish(b); },
          [this](const caf::error&) {
            // The CPU never answered: drop the batch; its space requeues it when overdue.
            slot_.holding = false;
            find_work();
          });
}

void ingest_worker::insert_for_real(const batch& b) {
  auto& index = *state_->spaces[b.space]->vectors;
  for (const auto& s : b.segments)
    for (std::uint32_t i = 0; i < s.count; ++i)
      index.insert(index.embed(random()));
}

void ingest_worker::finish(batch& b) {
  send(world_ref().lookup((*spaces_)[b.space]), indexed{b.id, b.stolen, std::move(b.segments)});
  stats_->worker_busy_ns[index_] += (now() - started_).count();
  slot_.holding = false;
  slot_.segments.clear();
  find_work();
}

} // namespace detsim::actors::ingest
