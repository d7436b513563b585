// engines/deterministic_engine.hpp: runs CAF actors one message at a time on its own
// coordinator (sim_coordinator) and virtual clock. Each step delivers one message to the
// ready actor whose node comes first in the instant's seeded order; when none is ready,
// virtual time jumps to the next timer, network arrival or fault. Every step is reported
// to the event sinks (trace, replay check).
#pragma once

#include "detsim/engines/node_state.hpp"
#include "detsim/runtime/node_actor.hpp"
#include "detsim/runtime/payload.hpp"
#include "detsim/runtime/world.hpp"
#include "detsim/engines/sim_coordinator.hpp"
#include "detsim/engines/split_log.hpp"
#include "detsim/engines/type_names.hpp"
#include "detsim/sim/assert.hpp"
#include "detsim/sim/fault_plan.hpp"
#include "detsim/sim/fault_timeline.hpp"
#include "detsim/sim/run_stats.hpp"
#include "detsim/sim/trace_event.hpp"

#include <caf/actor_system_config.hpp>

#include <chrono>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <queue>
#include <string>
#include <vector>

namespace detsim::engines {

struct engine_options {
  std::uint64_t seed = 1;
  sim::trace_level level = sim::trace_level::events;
  sim::duration length{1'000'000'000}; ///< the run ends at this virtual time
  std::uint64_t max_steps = 0;         ///< 0: no step budget
  double max_wall_seconds = 0;         ///< 0: no wall-time budget
  /// Called about every 0.5 s of wall time, once the run has lasted 2 s, with
  /// (virtual now, steps).
  std::function<void(sim::time_point, std::uint64_t)> on_progress;
  /// Called about every 65,536 steps, between two steps (live metrics read the world then).
  std::function<void()> on_tick;
  /// Splits the nodes into this many groups (node id modulo groups), each with its own
  /// clock and ready set, run window by window (windows as long as the least link
  /// latency, so no group can reach another inside one) and merged back into the one
  /// order a single group has: the trace and digest do not depend on the count. 1: the
  /// plain step loop.
  std::uint32_t groups = 1;
  /// Threads a split run's groups run on at once, 2 to `groups` (0 or 1: they take turns
  /// on the run's thread). Each thread has its own groups and takes others' not yet
  /// started when done. Whatever the count, the same run.
  std::uint32_t threads = 0;
};

class deterministic_engine final : public runtime::world {
public:
  using announcer = std::function<void(caf::actor_system_config&)>;

  deterministic_engine(engine_options options, const announcer& announce);
  ~deterministic_engine() override;

  /// Adds a sink; it first hears every name announced so far.
  void add_sink(sim::event_sink* sink);
  /// Hears every network send (costs a type lookup per send, so only when asked).
  void add_send_observer(sim::send_observer* observer) { send_observers_.push_back(observer); }
  /// The plan to inject; must name existing nodes (checked: throws input_error).
  void set_faults(sim::fault_plan plan);
  sim::run_stats run();
  /// Deliveries, drops and steps so far (for live metrics, between steps).
  const sim::run_stats& stats_so_far() const { return stats_; }
  /// Ends the run after the current step (a replay that diverged calls this).
  void request_stop() { stop_requested_ = true; }

  // runtime::world
  caf::actor_system& system() override { return *system_; }
  std::uint64_t seed() const override { return options_.seed; }
  sim::network& network() override { return network_; }
  sim::node_id add_node(const std::string& name, runtime::node_factory factory,
                        sim::node_clock clock = {}) override;
  void start_node(sim::node_id node) override;
  const caf::actor& lookup(sim::node_id node) const override {
    DETSIM_ASSERT(node < nodes_.size());
    return nodes_[node].actor;
  }
  bool is_up(sim::node_id node) const override {
    DETSIM_ASSERT(node < nodes_.size());
    return nodes_[node].up;
  }
  void host_stays_up(sim::node_id node) override {
    DETSIM_ASSERT(node < nodes_.size());
    nodes_[node].host_stays_up = true;
  }
  sim::time_point local_now(sim::node_id node) const override;
  double slowdown(sim::node_id node) const override { return network_.slowdown(node); }
  double memory_share(sim::node_id node) const override { return network_.memory_share(node); }
  sim::duration send_backlog(sim::node_id node) const override {
    return network_.send_backlog(node, global_now());
  }
  sim::time_point global_now() const override;
  sim::rng random_stream(sim::node_id node) const override {
    return nodes_[node].random_stream(options_.seed, network_.name(node));
  }
  sim::durable_store& store(sim::node_id node) override {
    DETSIM_ASSERT(node < nodes_.size());
    return nodes_[node].store();
  }
  const sim::fault_plan& faults() const override { return faults_; }
  const std::vector<sim::lifecycle_event>& lifecycle() const override { return lifecycle_; }
  void mark(sim::node_id node, std::string_view what) override;

  std::size_t shards() const override { return options_.groups; }
  std::size_t shard_of(sim::node_id node) const override { return group_of(node); }

protected:
  void defer_report(void (*call)(const void*), const void* bytes, std::size_t size) override;

private:
  void send_to(runtime::node_actor& target, caf::mailbox_element_ptr element,
               caf::execution_unit* unit) override;
  void before_consume(runtime::node_actor& target, caf::mailbox_element& element) override;
  /// Returns true when the engine took the element (delayed or dropped it).
  bool intercept_send(runtime::node_actor& target, caf::mailbox_element_ptr& element);
  /// Into the mailbox of a live actor; to a terminated one, lost (a down host is
  /// silence) or refused (its host stays up).
  void deliver(runtime::node_actor& target, caf::mailbox_element_ptr& element,
               caf::execution_unit* unit);


  /// Delivers a kill exit message to `victim` and runs it at once; false if it had
  /// already terminated or did not run.
  bool stop_actor(const caf::actor& victim);
  void emit(sim::event_kind kind, std::uint32_t source, std::uint32_t target,
            std::uint32_t type, std::uint64_t payload = 0);
  /// Numbers, digests and hands an event to the sinks (`group`: whose type ids it has).
  void publish(sim::trace_event event, std::size_t group = 0);
  void emit_name(bool is_type, std::uint32_t id, const std::string& name);
  void notify_send(sim::node_id source, sim::node_id target, sim::time_point sent,
                   sim::time_point arrival);
  /// The node of a delivered message's sender, by its actor id: the clock warmed the
  /// sender's control block, and the table is denser than the actors themselves.
  sim::node_id node_of(const caf::strong_actor_ptr& sender) const;
  /// The node actor sending a message (null: not a node's); usually the running actor,
  /// whose own memory is in cache, so no table is read.
  static runtime::node_actor* sending_actor(const caf::strong_actor_ptr& sender);
  void schedule_delivery(sim::time_point arrival, runtime::node_actor& target,
                         caf::mailbox_element_ptr element);
  bool advance_to_next_event();
  void apply_due_faults(sim::time_point now);
  void apply_fault(const sim::fault_moment& moment);
  void kill(sim::node_id node);
  void restart(sim::node_id node);
  void spawn(sim::node_id node);
  void step_once();
  /// Starts the nodes declared during setup and applies the faults due at once.
  void start_run();
  struct wall_watch {
    using clock = std::chrono::steady_clock;
    clock::time_point start = clock::now();
    clock::time_point last_report = start;
  };
  /// Between steps, about every 65,536: live metrics, progress, the wall budget (false:
  /// exceeded, the run stops).
  bool within_wall_budget(wall_watch& watch);
  sim::run_stats finish(const wall_watch& watch);
  std::size_t group_of(sim::node_id node) const {
    return options_.groups == 1 ? 0 : node % options_.groups;
  }

  // Split runs (options_.groups > 1), in split_run.cpp. Each group's progress is
  // written on every step by its own thread: a cache line apart from the next group's.
  struct alignas(64) group_progress {
    split_log log;
    std::int64_t instant = 0; ///< the instant the group's rounds count in
    std::uint32_t round = 0;
    bool firing = false;
    sim::run_stats counts; ///< deliveries, drops, duplicates in the window
    /// Types as this group met them, and their run-wide ids once the merge met them.
    std::unique_ptr<type_names> types;
    std::vector<std::string> local_type_names;
    std::vector<std::uint32_t> merged_type_of_local;
    /// Deliveries made for other groups' nodes, by window parity and then by target
    /// group: each target takes the previous window's set at the start of its window,
    /// on its own thread, while this window's set fills. Each list on its own cache
    /// lines: its target empties it while this group works.
    struct alignas(64) mailbag {
      std::vector<sim_clock::entry> entries;
    };
    std::vector<mailbag> outbox[2];
    std::int64_t outbox_earliest[2] = {never, never}; ///< the earliest due in each set
    /// When its clock has something due next, as the group found after its window.
    std::int64_t next_due = never;
  };
  static constexpr std::int64_t never = std::numeric_limits<std::int64_t>::max();
  /// The message types of the running group (split runs) or of the run.
  type_names& types() {
    return options_.groups == 1 ? *types_ : *groups_[scheduler_->current_group()].types;
  }
  /// Where deliveries, drops and duplicates are counted now.
  sim::run_stats& counts() {
    return logging_ ? groups_[scheduler_->current_group()].counts : stats_;
  }
  sim::run_stats run_split();
  /// Refuses what a split run cannot keep in one order (input_error).
  sim::duration check_splittable() const;
  void run_group_window(std::size_t index, std::int64_t start, std::int64_t end,
                        bool after_faults);
  void fire_group_instant(group_progress& group, std::int64_t instant);
  void set_all_clocks(std::int64_t now);
  split_tag current_tag() const;
  void merge_group_logs();
  /// Queues every delivery waiting in an outbox on its target's clock (before faults act).
  void hand_over_outboxes();
  /// The running group takes what the others made for it in the previous window.
  void take_inbound(std::size_t index);
  /// The earliest instant at which some group has something to do.
  std::int64_t next_instant(std::int64_t now);
  /// The run-wide id of a type group `group` interned as `local` (numbered in merged
  /// order).
  std::uint32_t merged_type(std::size_t group, std::uint32_t local);

  engine_options options_;
  caf::actor_system_config config_;
  std::unique_ptr<caf::actor_system> system_;
  sim_coordinator* scheduler_ = nullptr;
  caf::actor_clock::time_point clock_start_;
  std::unique_ptr<type_names> types_;
  runtime::payload_sizes payloads_; ///< what the announced message types weigh
  sim::network network_;
  std::uint64_t schedule_seed_; ///< orders the nodes ready at one instant (run_first)
  std::uint64_t network_seed_;  ///< keys every node's own network draws (next_send_stream)
  std::vector<node_state> nodes_;
  std::vector<sim::node_id> node_by_actor_id_;
  /// Nodes 0 .. consecutive_ids_ - 1 were first spawned as actors first_consecutive_id_ +
  /// node: node_of computes theirs.
  std::size_t first_consecutive_id_ = 0;
  std::size_t consecutive_ids_ = 0;
  sim::fault_plan faults_;
  std::vector<sim::lifecycle_event> lifecycle_;
  std::vector<sim::fault_moment> moments_;
  std::size_t next_moment_ = 0;
  std::vector<sim::event_sink*> sinks_;
  std::vector<sim::send_observer*> send_observers_;
  sim::run_stats stats_;
  bool stop_requested_ = false;
  bool running_ = false;
  bool shutting_down_ = false;
  std::vector<sim::node_id> pending_starts_;
  // Names in the order they were announced, for sinks added later; a node's name is the
  // network's, a type's is kept here by its id.
  struct announced_name {
    bool is_type;
    std::uint32_t id;
  };
  std::vector<announced_name> names_;
  std::vector<std::string> type_names_by_id_;
  // Split runs: each group's progress and log; while `logging_`, emit() tags events into
  // the running group's log. Types are numbered as the merge first meets them.
  std::vector<group_progress> groups_;
  bool logging_ = false;
  std::uint32_t merged_types_ = 0;
  std::map<std::string, std::uint32_t> merged_type_by_name_;
  std::uint64_t windows_ = 0; ///< windows run; the parity picks the outbox set
  bool next_dues_known_ = false; ///< each group's next_due holds (no fault acted since)
};

} // namespace detsim::engines
