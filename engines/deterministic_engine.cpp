// engines/deterministic_engine.cpp: the seeded step loop, network interception and faults.
#include "detsim/engines/deterministic_engine.hpp"

#include "detsim/engines/node_access.hpp"
#include "detsim/sim/parameters.hpp"

#include <caf/exit_reason.hpp>
#include <caf/message_id.hpp>
#include <caf/scheduled_actor.hpp>

#include <chrono>
#include <stdexcept>

namespace detsim::engines {

namespace {

constexpr sim::node_id no_node = static_cast<sim::node_id>(-1);

} // namespace

deterministic_engine::deterministic_engine(engine_options options, const announcer& announce)
  : options_(std::move(options)),
    schedule_seed_(sim::rng::derive(options_.seed, "engine/schedule").next()),
    network_seed_(sim::rng::derive(options_.seed, "engine/network").next()) {
  config_.module_factories.push_back(
    [](caf::actor_system& sys) -> caf::actor_system::module* { return new sim_coordinator(sys); });
  config_.set("logger.verbosity", caf::atom("quiet"));
  config_.set("logger.console", caf::atom("none"));
  announce(config_);
  payloads_ = runtime::declared_payloads();
  system_ = std::make_unique<caf::actor_system>(config_);
  if (system_->has_middleman())
    throw std::logic_error("the io middleman is not allowed in a deterministic run");
  system_->await_actors_before_shutdown(false);
  scheduler_ = &dynamic_cast<sim_coordinator&>(system_->scheduler());
  sim::require_input(options_.groups >= 1, "engine", "a run needs at least one group");
  scheduler_->set_groups(options_.groups);
  clock_start_ = scheduler_->clock().now();
  for (std::size_t g = 0; g < options_.groups; ++g)
    scheduler_->clock_of(g).on_arrival([this](runtime::node_actor& target,
                                              caf::mailbox_element_ptr& element) {
      deliver(target, element, nullptr);
    });
  types_ = std::make_unique<type_names>(*system_);
  types_->set_listener([this](std::uint32_t id, const std::string& name) {
    emit_name(true, id, name);
  });
  if (options_.groups > 1) {
    // A split run's groups meet types in their own order; the merge numbers them.
    groups_.resize(options_.groups);
    for (auto& group : groups_) {
      group.outbox[0].resize(options_.groups);
      group.outbox[1].resize(options_.groups);
      group.types = std::make_unique<type_names>(*system_);
      group.types->set_listener([&group](std::uint32_t id, const std::string& name) {
        if (group.local_type_names.size() <= id)
          group.local_type_names.resize(id + 1);
        group.local_type_names[id] = name;
      });
    }
  }
}

deterministic_engine::~deterministic_engine() {
  // CAF's test scheduler fires every pending timer when the system stops; from here on
  // the engine swallows all sends so nothing touches state that is going away.
  shutting_down_ = true;
  for (auto& group : groups_)
    for (auto& set : group.outbox)
      for (auto& bag : set)
        for (auto& entry : bag.entries)
          sim_clock::dispose(entry);
  for (std::size_t g = 0; g < options_.groups; ++g)
    scheduler_->clock_of(g).clear();
  // Actors holding handles to each other form cycles only their termination breaks:
  // every live node is stopped as a kill stops it (what it sends now goes nowhere).
  for (sim::node_id node = 0; node < nodes_.size(); ++node)
    if (nodes_[node].up) {
      scheduler_->enter(group_of(node));
      stop_actor(nodes_[node].actor);
    }
  scheduler_->drop_all();
  nodes_.clear();
  system_.reset();
}

bool deterministic_engine::stop_actor(const caf::actor& victim) {
  auto* raw = static_cast<runtime::node_actor*>(caf::actor_cast<caf::abstract_actor*>(victim));
  // Crash-stop now: an urgent exit message, and the victim runs before anyone else.
  auto exit = caf::make_mailbox_element(nullptr,
                                        caf::make_message_id(caf::message_priority::high), {},
                                        caf::exit_msg{victim.address(), caf::exit_reason::kill});
  if (!node_access::push(*raw, exit, nullptr))
    return false; // it had already terminated
  return scheduler_->run_now(raw);
}

void deterministic_engine::set_faults(sim::fault_plan plan) {
  network_.validate(plan);
  faults_ = std::move(plan);
  moments_ = sim::unroll(faults_);
  next_moment_ = 0;
}

sim::node_id deterministic_engine::add_node(const std::string& name,
                                            runtime::node_factory factory,
                                            sim::node_clock clock) {
  sim::require_input(network_.node_count() < sim_clock::max_nodes, "engine",
                     "a run holds at most " + std::to_string(sim_clock::max_nodes) + " nodes");
  auto id = network_.add_node(name, clock);
  node_state state;
  state.factory = std::move(factory);
  nodes_.push_back(std::move(state));
  emit_name(false, id, name);
  return id;
}

void deterministic_engine::spawn(sim::node_id node) {
  if (logging_)
    throw sim::input_error("engine: a run split into groups starts nodes only between windows "
                           "(at the start and by faults), not from a running actor");
  scheduler_->enter(group_of(node)); // the new actor is ready in its node's group
  auto& state = nodes_[node];
  ++state.incarnation;
  std::uint64_t entries_made = 0; // the node's count goes on across incarnations
  if (state.actor)
    if (auto* previous = node_access::engine_node(caf::actor_cast<caf::abstract_actor*>(state.actor)))
      entries_made = node_access::entries_made(*previous);
  state.actor = state.factory(*this, node);
  auto* raw = caf::actor_cast<caf::abstract_actor*>(state.actor);
  if (!raw || !dynamic_cast<runtime::node_actor*>(raw) ||
      raw->getf(caf::abstract_actor::is_detached_flag | caf::abstract_actor::is_blocking_flag))
    throw std::logic_error("node '" + network_.name(node) +
                           "': a simulated actor must be an event-based detsim::runtime::node_actor "
                           "(detached and blocking actors are not allowed)");
  auto actor_id = static_cast<std::size_t>(raw->id());
  if (actor_id >= node_by_actor_id_.size())
    node_by_actor_id_.resize(actor_id + 1024, no_node);
  node_by_actor_id_[actor_id] = node;
  if (consecutive_ids_ == 0)
    first_consecutive_id_ = actor_id - node;
  if (actor_id - node == first_consecutive_id_ && node == consecutive_ids_)
    ++consecutive_ids_;
  node_access::mark_engine_node(*static_cast<runtime::node_actor*>(raw), state.incarnation,
                                entries_made);
  state.up = true;
}

void deterministic_engine::add_sink(sim::event_sink* sink) {
  for (auto& n : names_)
    sink->on_name(n.is_type, n.id, n.is_type ? type_names_by_id_[n.id] : network_.name(n.id));
  sinks_.push_back(sink);
}

void deterministic_engine::start_node(sim::node_id node) {
  if (!running_) {
    pending_starts_.push_back(node); // setup only declares; actors start with the run
    return;
  }
  spawn(node);
  lifecycle_.push_back({global_now(), node, sim::lifecycle_kind::start});
  emit(sim::event_kind::spawn, node, node, 0);
}

sim::time_point deterministic_engine::global_now() const {
  return scheduler_->clock().now() - clock_start_;
}

sim::time_point deterministic_engine::local_now(sim::node_id node) const {
  return network_.local_time(node, global_now());
}

void deterministic_engine::mark(sim::node_id node, std::string_view what) {
  emit(sim::event_kind::mark, node, node, types().intern("mark:" + std::string(what)));
}

void deterministic_engine::emit_name(bool is_type, std::uint32_t id, const std::string& name) {
  names_.push_back({is_type, id});
  if (is_type) {
    if (type_names_by_id_.size() <= id)
      type_names_by_id_.resize(id + 1);
    type_names_by_id_[id] = name;
  }
  for (auto* sink : sinks_)
    sink->on_name(is_type, id, name);
}

void deterministic_engine::emit(sim::event_kind kind, std::uint32_t source,
                                std::uint32_t target, std::uint32_t type,
                                std::uint64_t payload) {
  sim::trace_event event;
  event.time = global_now();
  event.kind = kind;
  event.source = source;
  event.target = target;
  event.type = type;
  event.payload = payload;
  if (logging_)
    return groups_[scheduler_->current_group()].log.add_event(current_tag(), event);
  publish(event, options_.groups == 1 ? 0 : scheduler_->current_group());
}

void deterministic_engine::publish(sim::trace_event event, std::size_t group) {
  event.step = stats_.steps;
  if (options_.groups > 1) // before masking: the name comes where the type was met
    event.type = merged_type(group, event.type);
  event = event.masked(options_.level);
  stats_.digest = sim::digest_step(stats_.digest, event);
  ++stats_.events;
  for (auto* sink : sinks_)
    sink->on_event(event);
}

sim::node_id deterministic_engine::node_of(const caf::strong_actor_ptr& sender) const {
  if (!sender)
    return no_node;
  auto id = static_cast<std::size_t>(sender->id());
  // Nodes first spawned one after another have consecutive ids: no table to read (at
  // 1 M agents the table is 4 MB, and every read of it missed the cache).
  if (id - first_consecutive_id_ < consecutive_ids_)
    return static_cast<sim::node_id>(id - first_consecutive_id_);
  return id < node_by_actor_id_.size() ? node_by_actor_id_[id] : no_node;
}

runtime::node_actor* deterministic_engine::sending_actor(const caf::strong_actor_ptr& sender) {
  return sender ? node_access::engine_node(sender->get()) : nullptr;
}

bool deterministic_engine::intercept_send(runtime::node_actor& target,
                                          caf::mailbox_element_ptr& element) {
  if (shutting_down_)
    return true;
  auto* sender = sending_actor(element->sender);
  auto destination = target.node();
  if (!sender || sender->node() == destination)
    return false; // local: timers, self-sends, engine-injected exits
  auto source = sender->node();
  auto now = global_now();
  auto draws = node_access::next_send_stream(*sender, network_seed_);
  auto decision = network_.route(source, destination, now,
                                 runtime::wire_bytes(element->content(), payloads_), draws);
  bool delivered = decision.result == sim::route_result::deliver;
  if (delivered && !send_observers_.empty())
    notify_send(source, destination, now, std::max(decision.arrival, now));
  if (delivered && !decision.duplicated && decision.arrival <= now)
    return false; // arrives at once: CAF's own enqueue puts it in the mailbox
  bool notice = type_names::is_failure_notice(*element);
  if (!delivered && !notice) {
    ++counts().drops;
    emit(sim::event_kind::drop, source, destination, types().id_of(*element));
    return true;
  }
  if (!delivered) // failure notices are never lost; they take the link's floor at least
    decision.arrival = now + network_.latency_floor(source, destination);
  if (decision.duplicated && !notice) {
    ++counts().duplicates;
    emit(sim::event_kind::duplicate, source, destination, types().id_of(*element));
    auto copy = caf::make_mailbox_element(element->sender, element->mid, element->stages,
                                          element->copy_content_to_message());
    schedule_delivery(decision.duplicate_arrival, target, std::move(copy));
  }
  schedule_delivery(decision.arrival, target, std::move(element));
  return true;
}

void deterministic_engine::send_to(runtime::node_actor& target,
                                   caf::mailbox_element_ptr element, caf::execution_unit* unit) {
  if (!intercept_send(target, element))
    deliver(target, element, unit);
}

void deterministic_engine::deliver(runtime::node_actor& target,
                                   caf::mailbox_element_ptr& element, caf::execution_unit* unit) {
  if (node_access::push(target, element, unit) || shutting_down_)
    return;
  if (nodes_[target.node()].host_stays_up)
    return node_access::refuse(target, std::move(element), unit); // the sender gets an error
  ++counts().drops;
  emit(sim::event_kind::drop, node_of(element->sender), target.node(), types().id_of(*element));
}

void deterministic_engine::notify_send(sim::node_id source, sim::node_id target,
                                       sim::time_point sent, sim::time_point arrival) {
  sim::send_info send{source, target, sent, arrival};
  for (auto* observer : send_observers_)
    observer->on_send(send);
}

void deterministic_engine::schedule_delivery(sim::time_point arrival,
                                             runtime::node_actor& target,
                                             caf::mailbox_element_ptr element) {
  if (arrival <= global_now()) {
    // Arrives now: straight into the mailbox, no trip through the event queue.
    deliver(target, element, nullptr);
    return;
  }
  auto& clock = scheduler_->clock();
  if (options_.groups == 1)
    return clock.schedule_delivery(clock_start_ + arrival, target, std::move(element));
  auto group = group_of(target.node());
  auto current = scheduler_->current_group();
  if (group == current)
    return clock.schedule_delivery(clock_start_ + arrival, target, std::move(element));
  // Another group's arrival, at least a window away: queued on its clock. What the
  // entry's maker node counts must be counted in the maker's group.
  auto* maker = clock.maker();
  if (maker && group_of(maker->node()) != current)
    throw sim::input_error("engine: a run split into groups cannot order what another node "
                           "delayed (delayed_send) to node '" + network_.name(maker->node()) +
                           "' on its way through the network; run it with one group");
  // The target's group may be running: the entry waits in this group's outbox until the
  // window ends (it is due a window away at least).
  auto& sender = groups_[current];
  auto set = windows_ & 1;
  sender.outbox[set][group].entries.push_back(
    clock.make_delivery(clock_start_ + arrival, target, std::move(element)));
  sender.outbox_earliest[set] = std::min(sender.outbox_earliest[set], arrival.count());
}

void deterministic_engine::before_consume(runtime::node_actor& target,
                                          caf::mailbox_element& element) {
  if (shutting_down_)
    return;
  ++counts().deliveries;
  if (element.mid.is_response())
    scheduler_->clock().response_consumed(&target, element.mid);
  auto source = node_of(element.sender);
  auto destination = target.node();
  bool own = source == no_node || source == destination;
  std::uint64_t payload = 0;
  if (options_.level == sim::trace_level::payloads)
    payload = types().payload_hash(element);
  auto type = options_.level == sim::trace_level::schedule ? 0 : types().id_of(element);
  emit(own ? sim::event_kind::timer : sim::event_kind::deliver, own ? destination : source,
       destination, type, payload);
}

void deterministic_engine::kill(sim::node_id node) {
  scheduler_->enter(group_of(node));
  auto& state = nodes_[node];
  emit(sim::event_kind::kill, node, node, 0);
  if (!state.up)
    return;
  state.up = false;
  lifecycle_.push_back({global_now(), node, sim::lifecycle_kind::kill});
  state.crash_disk(options_.seed, network_.name(node));
  if (stop_actor(state.actor))
    ++stats_.steps;
  // state.actor stays: it is the node's address, and what reaches it is lost from now on.
}

void deterministic_engine::restart(sim::node_id node) {
  auto& state = nodes_[node];
  if (state.up)
    return emit(sim::event_kind::restart, node, node, 0);
  spawn(node);
  lifecycle_.push_back({global_now(), node, sim::lifecycle_kind::restart});
  emit(sim::event_kind::restart, node, node, 0);
}

void deterministic_engine::apply_fault(const sim::fault_moment& moment) {
  const auto& f = faults_.faults()[moment.fault_index];
  if (f.instant()) {
    for (auto node : network_.match(f.node))
      f.kind == sim::fault_kind::kill ? kill(node) : restart(node);
    return;
  }
  if (moment.stop)
    network_.end(moment.fault_index);
  else
    network_.begin(moment.fault_index, f);
  emit(moment.stop ? sim::event_kind::fault_stop : sim::event_kind::fault_start,
       moment.fault_index, 0, 0);
}

void deterministic_engine::apply_due_faults(sim::time_point now) {
  while (next_moment_ < moments_.size() && moments_[next_moment_].time <= now)
    apply_fault(moments_[next_moment_++]);
}

bool deterministic_engine::advance_to_next_event() {
  auto& clock = scheduler_->clock();
  auto now = global_now();
  auto next = sim::time_point::max();
  if (!clock.empty())
    next = std::min(next, sim::time_point{clock.next_due() - clock_start_});
  if (next_moment_ < moments_.size())
    next = std::min(next, moments_[next_moment_].time);
  if (next > options_.length) {
    // Nothing more can happen before the end: the rest of the run is quiet time.
    if (now < options_.length)
      clock.set_now(clock_start_ + options_.length);
    return false;
  }
  next = std::max(next, now);
  // Faults first (a kill at t happens before deliveries at t), then timers and arrivals.
  clock.set_now(clock_start_ + next);
  apply_due_faults(next);
  clock.advance_to(clock_start_ + next);
  return true;
}

void deterministic_engine::step_once() {
  auto now = static_cast<std::uint64_t>(global_now().count());
  scheduler_->run_first(schedule_seed_ ^ sim::splitmix64(now));
  ++stats_.steps;
}

void deterministic_engine::start_run() {
  running_ = true;
  for (auto node : pending_starts_)
    start_node(node);
  pending_starts_.clear();
  apply_due_faults(global_now());
}

sim::run_stats deterministic_engine::run() {
  if (options_.groups > 1 || options_.threads > 1)
    return run_split(); // it refuses more threads than groups
  wall_watch watch;
  start_run();
  for (;;) {
    if (stop_requested_) {
      stats_.reason = sim::stop_reason::stopped;
      break;
    }
    if (scheduler_->ready_count() == 0) {
      if (!advance_to_next_event()) {
        stats_.reason = sim::stop_reason::finished;
        break;
      }
      continue;
    }
    step_once();
    if (options_.max_steps && stats_.steps >= options_.max_steps) {
      stats_.reason = sim::stop_reason::step_budget;
      break;
    }
    if ((stats_.steps & 0xFFFF) != 0)
      continue; // the wall clock is read only every 65,536 steps
    if (!within_wall_budget(watch))
      break;
  }
  return finish(watch);
}

bool deterministic_engine::within_wall_budget(wall_watch& watch) {
  if (options_.on_tick)
    options_.on_tick();
  auto now = wall_watch::clock::now();
  auto elapsed = std::chrono::duration<double>(now - watch.start).count();
  if (options_.max_wall_seconds > 0 && elapsed > options_.max_wall_seconds) {
    stats_.reason = sim::stop_reason::wall_budget;
    return false;
  }
  // Runs under 2 s stay quiet; longer ones report about twice a second.
  if (options_.on_progress && elapsed > 2.0 &&
      now - watch.last_report > std::chrono::milliseconds(500)) {
    watch.last_report = now;
    options_.on_progress(global_now(), stats_.steps);
  }
  return true;
}

sim::run_stats deterministic_engine::finish(const wall_watch& watch) {
  stats_.end_time = global_now();
  stats_.wall_seconds =
    std::chrono::duration<double>(wall_watch::clock::now() - watch.start).count();
  return stats_;
}

} // namespace detsim::engines
