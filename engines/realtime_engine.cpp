// engines/realtime_engine.cpp: CAF's threaded scheduler, the wall clock, the network model
// applied to every send between nodes, and faults applied when their time comes.
#include "detsim/engines/realtime_engine.hpp"

#include "detsim/engines/node_access.hpp"
#include "detsim/engines/type_names.hpp"
#include "detsim/sim/parameters.hpp"

#include <caf/exit_reason.hpp>
#include <caf/message_id.hpp>

#include <stdexcept>
#include <thread>

namespace detsim::engines {

namespace {

constexpr sim::node_id no_node = static_cast<sim::node_id>(-1);

sim::node_id node_of(const caf::strong_actor_ptr& sender) {
  if (!sender)
    return no_node;
  auto* actor = dynamic_cast<runtime::node_actor*>(caf::actor_cast<caf::abstract_actor*>(sender));
  return actor ? actor->node() : no_node;
}

} // namespace

realtime_engine::realtime_engine(realtime_options options, const announcer& announce)
  : options_(std::move(options)),
    network_random_(sim::rng::derive(options_.seed, "engine/network")),
    start_(std::chrono::steady_clock::now()) {
  config_.set("logger.verbosity", caf::atom("quiet"));
  config_.set("logger.console", caf::atom("none"));
  auto threads = options_.threads ? options_.threads : std::max(1u, std::thread::hardware_concurrency());
  config_.set("scheduler.max-threads", threads);
  announce(config_);
  payloads_ = runtime::declared_payloads();
  system_ = std::make_unique<caf::actor_system>(config_);
  system_->await_actors_before_shutdown(false);
  if (options_.serialize_handlers)
    serialize_handlers_with(&handlers_);
  timer_ = std::make_unique<delivery_timer>(
    [this](caf::strong_actor_ptr& target, caf::mailbox_element_ptr& element) {
      auto* actor = static_cast<runtime::node_actor*>(caf::actor_cast<caf::abstract_actor*>(target));
      deliver(*actor, element, nullptr);
    });
}

realtime_engine::~realtime_engine() {
  timer_->stop();
  if (!held_.owns_lock())
    held_ = std::unique_lock<std::recursive_mutex>{handlers_};
  stop_all();
  held_.unlock();
  system_.reset();
}

void realtime_engine::stop_all() {
  for (auto& state : nodes_)
    if (state.up) {
      state.up = false;
      caf::anon_send_exit(state.actor, caf::exit_reason::kill);
    }
}

void realtime_engine::set_faults(sim::fault_plan plan) {
  network_.validate(plan);
  // Actors running in parallel read node addresses without the handler lock; a restart
  // would replace one under them.
  if (!options_.serialize_handlers)
    for (const auto& f : plan.faults())
      if (f.instant())
        throw sim::input_error("kill and restart faults need a scenario whose actors run one at a "
                               "time under the realtime engine (this one runs them in parallel)");
  faults_ = std::move(plan);
  moments_ = sim::unroll(faults_);
}

sim::node_id realtime_engine::add_node(const std::string& name, runtime::node_factory factory,
                                       sim::node_clock clock) {
  auto id = network_.add_node(name, clock);
  node_state state;
  state.factory = std::move(factory);
  nodes_.push_back(std::move(state));
  return id;
}

void realtime_engine::spawn(sim::node_id node) {
  auto& state = nodes_[node];
  ++state.incarnation;
  state.actor = state.factory(*this, node);
  auto* raw = caf::actor_cast<caf::abstract_actor*>(state.actor);
  if (!raw || !dynamic_cast<runtime::node_actor*>(raw))
    throw std::logic_error("node '" + network_.name(node) + "': a simulated actor must be a detsim::runtime::node_actor");
  state.up = true;
}

void realtime_engine::start_node(sim::node_id node) {
  if (!running_) {
    pending_starts_.push_back(node);
    return;
  }
  spawn(node);
  lifecycle_.push_back({global_now(), node, sim::lifecycle_kind::start});
}

sim::time_point realtime_engine::global_now() const {
  return std::chrono::duration_cast<sim::duration>(std::chrono::steady_clock::now() - start_);
}

sim::time_point realtime_engine::local_now(sim::node_id node) const {
  return network_.local_time(node, global_now());
}

double realtime_engine::slowdown(sim::node_id node) const {
  std::lock_guard<std::mutex> guard{network_mutex_};
  return network_.slowdown(node);
}

double realtime_engine::memory_share(sim::node_id node) const {
  std::lock_guard<std::mutex> guard{network_mutex_};
  return network_.memory_share(node);
}

sim::duration realtime_engine::send_backlog(sim::node_id node) const {
  std::lock_guard<std::mutex> guard{network_mutex_};
  return network_.send_backlog(node, global_now());
}

void realtime_engine::send_to(runtime::node_actor& target, caf::mailbox_element_ptr element,
                              caf::execution_unit* unit) {
  auto source = node_of(element->sender);
  auto destination = target.node();
  if (source == no_node || source == destination || ideal_network_.load(std::memory_order_relaxed))
    return deliver(target, element, unit); // timers, self-sends, exits, or nothing to model
  auto now = global_now();
  sim::route_decision decision;
  {
    std::lock_guard<std::mutex> guard{network_mutex_};
    decision = network_.route(source, destination, now, runtime::wire_bytes(element->content(), payloads_),
                              network_random_);
  }
  bool notice = type_names::is_failure_notice(*element);
  if (decision.result != sim::route_result::deliver) {
    if (!notice) {
      ++drops_;
      return;
    }
    decision.arrival = now; // failure notices are never lost
  }
  if (decision.duplicated && !notice) {
    ++duplicates_;
    auto copy = caf::make_mailbox_element(element->sender, element->mid, element->stages,
                                          element->copy_content_to_message());
    timer_->schedule(start_ + decision.duplicate_arrival, caf::strong_actor_ptr{target.ctrl()},
                     std::move(copy));
  }
  if (decision.arrival <= now)
    return deliver(target, element, unit);
  timer_->schedule(start_ + decision.arrival, caf::strong_actor_ptr{target.ctrl()}, std::move(element));
}

void realtime_engine::deliver(runtime::node_actor& target, caf::mailbox_element_ptr& element,
                              caf::execution_unit* unit) {
  if (node_access::push(target, element, unit))
    return;
  if (nodes_[target.node()].host_stays_up)
    return node_access::refuse(target, std::move(element), unit);
  ++drops_;
}

void realtime_engine::before_consume(runtime::node_actor&, caf::mailbox_element&) {
  ++deliveries_;
}

void realtime_engine::kill(sim::node_id node) {
  auto& state = nodes_[node];
  if (!state.up)
    return;
  state.up = false;
  lifecycle_.push_back({global_now(), node, sim::lifecycle_kind::kill});
  state.crash_disk(options_.seed, network_.name(node));
  // Urgent, so it is the next thing the victim does (no handler runs while we hold the lock).
  auto* raw = static_cast<runtime::node_actor*>(caf::actor_cast<caf::abstract_actor*>(state.actor));
  auto exit = caf::make_mailbox_element(nullptr, caf::make_message_id(caf::message_priority::high), {},
                                        caf::exit_msg{state.actor.address(), caf::exit_reason::kill});
  node_access::push(*raw, exit, nullptr);
}

void realtime_engine::restart(sim::node_id node) {
  if (nodes_[node].up)
    return;
  spawn(node);
  lifecycle_.push_back({global_now(), node, sim::lifecycle_kind::restart});
}

void realtime_engine::apply_fault(const sim::fault_moment& moment) {
  const auto& f = faults_.faults()[moment.fault_index];
  if (f.instant()) {
    for (auto node : network_.match(f.node))
      f.kind == sim::fault_kind::kill ? kill(node) : restart(node);
    return;
  }
  std::lock_guard<std::mutex> guard{network_mutex_};
  if (moment.stop)
    network_.end(moment.fault_index);
  else
    network_.begin(moment.fault_index, f);
  note_network_changed();
}

void realtime_engine::note_network_changed() {
  ideal_network_.store(network_.ideal(), std::memory_order_relaxed);
}

sim::run_stats realtime_engine::run() {
  std::size_t next = 0;
  {
    std::lock_guard<std::recursive_mutex> guard{handlers_};
    start_ = std::chrono::steady_clock::now();
    running_ = true;
    {
      std::lock_guard<std::mutex> network_guard{network_mutex_};
      note_network_changed(); // the scenario's links are set by now
    }
    for (auto node : pending_starts_)
      start_node(node);
    pending_starts_.clear();
  }
  constexpr sim::duration tick_every{100'000'000};
  auto next_tick = tick_every;
  for (;;) {
    auto due = next < moments_.size() ? std::min(moments_[next].time, options_.length) : options_.length;
    if (options_.on_tick)
      due = std::min(due, next_tick);
    {
      std::unique_lock<std::mutex> wait{stop_mutex_};
      stop_signal_.wait_until(wait, start_ + due, [this] { return stop_requested_; });
      if (stop_requested_)
        break;
    }
    std::lock_guard<std::recursive_mutex> guard{handlers_};
    if (options_.on_tick && global_now() >= next_tick) {
      options_.on_tick();
      next_tick += tick_every;
    }
    while (next < moments_.size() && moments_[next].time <= global_now() &&
           moments_[next].time <= options_.length)
      apply_fault(moments_[next++]);
    if (global_now() >= options_.length)
      break;
  }
  // Hold every actor still from here on: checks and metrics read a quiet world.
  held_ = std::unique_lock<std::recursive_mutex>{handlers_};
  return stats_so_far();
}

void realtime_engine::request_stop() {
  {
    std::lock_guard<std::mutex> guard{stop_mutex_};
    stop_requested_ = true;
  }
  stop_signal_.notify_all();
}

sim::run_stats realtime_engine::stats_so_far() const {
  sim::run_stats stats;
  stats.end_time = global_now();
  stats.wall_seconds = sim::to_seconds(stats.end_time);
  stats.deliveries = deliveries_.load();
  stats.steps = stats.deliveries;
  stats.drops = drops_.load();
  stats.duplicates = duplicates_.load();
  stats.digest = 0;
  return stats;
}

} // namespace detsim::engines
