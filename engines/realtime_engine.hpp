// engines/realtime_engine.hpp: runs the same node actors on CAF's own work-stealing
// scheduler and the wall clock. Time, timers and request timeouts are real; the network
// model's latency, loss and faults apply in wall time (a kill "at 2s" happens 2 s after
// the start). Nothing here is seeded scheduling: a realtime run measures this machine
// and cannot be replayed. Actors run one at a time under the world's handler lock, since
// scenarios share checkers and statistics between actors; CAF still moves them between
// its threads, mailboxes and timers as in any CAF program.
#pragma once

#include "detsim/engines/delivery_timer.hpp"
#include "detsim/engines/node_state.hpp"
#include "detsim/runtime/node_actor.hpp"
#include "detsim/runtime/payload.hpp"
#include "detsim/runtime/world.hpp"
#include "detsim/sim/fault_timeline.hpp"
#include "detsim/sim/run_stats.hpp"

#include <caf/actor_system_config.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace detsim::engines {

struct realtime_options {
  std::uint64_t seed = 1;             ///< seeds the actors' streams and the network's draws
  sim::duration length{1'000'000'000}; ///< wall time the run lasts
  std::size_t threads = 0;            ///< CAF worker threads; 0: one per core
  /// Called about every 100 ms of the run with every actor held still (live metrics).
  std::function<void()> on_tick;
  /// One actor at a time (the scenario's actors share state); false: in parallel.
  bool serialize_handlers = true;
};

class realtime_engine final : public runtime::world {
public:
  using announcer = std::function<void(caf::actor_system_config&)>;

  realtime_engine(realtime_options options, const announcer& announce);
  ~realtime_engine() override;

  /// The plan to inject at wall-clock times; must name existing nodes (throws input_error).
  void set_faults(sim::fault_plan plan);
  /// Starts the nodes, applies faults on time, and returns after `length` of wall time
  /// with every actor held still (the handler lock stays taken until destruction), so
  /// checks and metrics read a quiet world.
  sim::run_stats run();
  /// Deliveries and drops so far (any thread).
  sim::run_stats stats_so_far() const;
  /// Ends the run early, from any thread (benchmarks that finish a fixed amount of work).
  void request_stop();

  // runtime::world
  caf::actor_system& system() override { return *system_; }
  std::uint64_t seed() const override { return options_.seed; }
  sim::network& network() override { return network_; }
  sim::node_id add_node(const std::string& name, runtime::node_factory factory,
                        sim::node_clock clock = {}) override;
  void start_node(sim::node_id node) override;
  const caf::actor& lookup(sim::node_id node) const override { return nodes_.at(node).actor; }
  bool is_up(sim::node_id node) const override { return nodes_.at(node).up; }
  void host_stays_up(sim::node_id node) override { nodes_.at(node).host_stays_up = true; }
  sim::time_point local_now(sim::node_id node) const override;
  sim::time_point global_now() const override;
  double slowdown(sim::node_id node) const override;
  sim::duration send_backlog(sim::node_id node) const override;
  double memory_share(sim::node_id node) const override;
  sim::rng random_stream(sim::node_id node) const override {
    return nodes_.at(node).random_stream(options_.seed, network_.name(node));
  }
  sim::durable_store& store(sim::node_id node) override { return nodes_.at(node).store(); }
  const sim::fault_plan& faults() const override { return faults_; }
  const std::vector<sim::lifecycle_event>& lifecycle() const override { return lifecycle_; }
  void mark(sim::node_id, std::string_view) override {}
  bool models_service_times() const override { return false; }
  bool wall_clock() const override { return true; }
  void work_done() override { request_stop(); }

private:
  void send_to(runtime::node_actor& target, caf::mailbox_element_ptr element,
               caf::execution_unit* unit) override;
  void before_consume(runtime::node_actor& target, caf::mailbox_element& element) override;
  void deliver(runtime::node_actor& target, caf::mailbox_element_ptr& element,
               caf::execution_unit* unit);
  void spawn(sim::node_id node);
  void kill(sim::node_id node);
  void restart(sim::node_id node);
  void apply_fault(const sim::fault_moment& moment);
  void stop_all();
  void note_network_changed(); ///< with network_mutex_ held


  realtime_options options_;
  caf::actor_system_config config_;
  std::unique_ptr<caf::actor_system> system_;
  std::recursive_mutex handlers_;               ///< held by whichever actor runs
  std::unique_lock<std::recursive_mutex> held_; ///< the run's end holds every actor still
  mutable std::mutex network_mutex_;            ///< the network model and its draws
  std::atomic<bool> ideal_network_{false};      ///< no routing needed (see sim::network::ideal)
  sim::network network_;
  sim::rng network_random_;
  runtime::payload_sizes payloads_; ///< what the announced message types weigh
  std::chrono::steady_clock::time_point start_;
  std::vector<node_state> nodes_;
  sim::fault_plan faults_;
  std::vector<sim::fault_moment> moments_;
  std::vector<sim::lifecycle_event> lifecycle_;
  std::vector<sim::node_id> pending_starts_;
  bool running_ = false;
  std::mutex stop_mutex_;
  std::condition_variable stop_signal_;
  bool stop_requested_ = false;
  std::atomic<std::uint64_t> deliveries_{0};
  std::atomic<std::uint64_t> drops_{0};
  std::atomic<std::uint64_t> duplicates_{0};
  std::unique_ptr<delivery_timer> timer_; ///< last member: stops before the rest goes
};

} // namespace detsim::engines
