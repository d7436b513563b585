// runtime/world.hpp: what a simulated actor and a scenario may ask of the world that runs
// them: nodes, time, randomness, durable storage and the network. Engine-neutral: the
// deterministic engine implements it on virtual time; a realtime engine can on wall time.
#pragma once

#include "detsim/sim/durable_store.hpp"
#include "detsim/sim/fault_plan.hpp"
#include "detsim/sim/lifecycle.hpp"
#include "detsim/sim/network.hpp"
#include "detsim/sim/rng.hpp"
#include "detsim/sim/time.hpp"

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/mailbox_element.hpp>

#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace detsim::runtime {

class node_actor;
class world;

/// Spawns the actor of a node; called at start and again at every restart.
using node_factory = std::function<caf::actor(world& w, sim::node_id node)>;

class world {
public:
  virtual ~world() = default;

  virtual caf::actor_system& system() = 0;
  /// The run's root seed (derive streams from it with sim::rng::derive, never use it raw).
  virtual std::uint64_t seed() const = 0;
  virtual sim::network& network() = 0;

  /// Declares a node and how to spawn its actor; it starts when start_node is called.
  virtual sim::node_id add_node(const std::string& name, node_factory factory,
                                sim::node_clock clock = {}) = 0;
  virtual void start_node(sim::node_id node) = 0;

  /// Declares node `name`, puts it in `group` (none when empty) and starts it. Its actor
  /// is T(cfg, world, node, args...), spawned again with copies of the same arguments at
  /// every restart (pass pointers for state that must outlive an incarnation).
  template <class T, class... Args>
  sim::node_id spawn_node(const std::string& name, const std::string& group, Args... args) {
    auto node = add_node(name, [args...](world& w, sim::node_id id) {
      return w.system().spawn<T>(std::ref(w), id, args...);
    });
    if (!group.empty())
      network().add_to_group(group, node);
    start_node(node);
    return node;
  }

  /// The node's address: its current actor, or the last one while the node is down.
  /// A message to a down node is lost and a request to it times out, as a dead or
  /// partitioned host is silence; only a node declared with host_stays_up refuses at once.
  virtual const caf::actor& lookup(sim::node_id node) const = 0;
  /// Simulator knowledge, for checkers and measurements; actors learn of a death only
  /// by timeouts (or refusals).
  virtual bool is_up(sim::node_id node) const = 0;
  /// The node's process can die while its host stays up: messages that reach it while
  /// it is down are refused (the sender gets an error) instead of lost.
  virtual void host_stays_up(sim::node_id node) = 0;

  /// The node's local clock (skew and drift applied).
  virtual sim::time_point local_now(sim::node_id node) const = 0;
  /// Global time, for invariant checkers only (actors read local_now).
  virtual sim::time_point global_now() const = 0;

  /// How many times slower than normal the node's disk and NIC run now (slow faults);
  /// actors that model service times multiply by it.
  virtual double slowdown(sim::node_id node) const = 0;

  /// The share of its memory the node keeps now (memory-pressure faults; 1 without): what
  /// keeps caches or queues in memory should shrink them to fit rather than fail.
  virtual double memory_share(sim::node_id node) const = 0;

  /// How long the node's NIC needs to send the payloads queued on it (its own socket
  /// buffers: a node may look, e.g. to shed reads it could not send in time).
  virtual sim::duration send_backlog(sim::node_id node) const = 0;

  /// The random stream of the node's current incarnation, derived from (seed, node name,
  /// incarnation); the node's actor takes it when it is constructed and keeps it.
  virtual sim::rng random_stream(sim::node_id node) const = 0;
  virtual sim::durable_store& store(sim::node_id node) = 0;

  /// The run's concrete fault plan (the user's, the scenario's and chaos'), for checkers
  /// and reports; empty during setup.
  virtual const sim::fault_plan& faults() const = 0;
  /// Every start, kill and restart of a node so far, in time order.
  virtual const std::vector<sim::lifecycle_event>& lifecycle() const = 0;

  /// Whether modelled service times (a parameter's cost per message) take time here: yes
  /// under the deterministic engine, which has no other cost; no under the realtime
  /// engine, where the code's real cost is what is measured.
  virtual bool models_service_times() const { return true; }
  /// Whether time here is the wall clock (the realtime engine): only there may an actor
  /// talk to a real process outside the simulation.
  virtual bool wall_clock() const { return false; }
  /// The scenario's work is complete: an engine on the wall clock ends the run now rather
  /// than waiting out the scenario's length. The deterministic engine, where quiet time
  /// costs nothing and ends by itself, ignores it.
  virtual void work_done() {}

  /// Records a scenario milestone in the trace.
  virtual void mark(sim::node_id node, std::string_view what) = 0;

  /// Runs `report` (a call into a checker that several nodes report to, whose result
  /// depends on the order of the calls) now, or, in a run split into groups, when the
  /// merge of the groups reaches this point of the run's one order. It captures plain
  /// values (pointers, numbers, times), at most `deferred_report_bytes` of them.
  template <class Report>
  void in_run_order(const Report& report) {
    static_assert(std::is_trivially_copyable<Report>::value &&
                    sizeof(Report) <= deferred_report_bytes &&
                    alignof(Report) <= alignof(std::max_align_t),
                  "in_run_order: capture plain values only, at most deferred_report_bytes");
    if (!defers_reports_)
      return report();
    defer_report([](const void* bytes) { (*static_cast<const Report*>(bytes))(); }, &report,
                 sizeof(Report));
  }
  static constexpr std::size_t deferred_report_bytes = 48;

  /// State actors write may be kept in shards, one per group of a split run: the nodes
  /// of one shard never run at the same time as each other, those of different shards
  /// may. How many there are (1 unless split), and a node's.
  virtual std::size_t shards() const { return 1; }
  virtual std::size_t shard_of(sim::node_id) const { return 0; }

protected:
  /// A split engine sets this and takes deferred reports in defer_report.
  void defer_reports(bool on) { defers_reports_ = on; }
  /// Keeps `size` bytes of a report and `call`s it with them later.
  virtual void defer_report(void (*call)(const void*), const void* bytes, std::size_t /*size*/) {
    call(bytes);
  }

  /// An engine that runs actors on several threads sets this: each actor then holds it
  /// while it runs, so that the checkers and statistics scenarios share between actors
  /// see one handler at a time (the deterministic engine runs one anyway and sets none).
  void serialize_handlers_with(std::recursive_mutex* lock) { handler_lock_ = lock; }

private:
  // Engine hooks: only node_actor calls them, an engine overrides them.
  friend class node_actor;
  /// Every message for `target` comes here: the engine routes it through the network
  /// model, delays, drops or delivers it.
  virtual void send_to(node_actor& target, caf::mailbox_element_ptr element,
                       caf::execution_unit* unit) = 0;
  virtual void before_consume(node_actor& target, caf::mailbox_element& element) = 0;

  std::recursive_mutex* handler_lock_ = nullptr;
  bool defers_reports_ = false;
};

} // namespace detsim::runtime
