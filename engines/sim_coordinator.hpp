// engines/sim_coordinator.hpp: a CAF scheduler that runs nothing by itself. Ready actors
// wait in a heap; the engine resumes one of them per step, the one that comes first in
// the instant's seeded order of nodes. Installed as the actor system's scheduler module,
// it owns the virtual clock. A split run divides the nodes into groups, each with its own
// clock and ready set; CAF reaches the group the engine has entered.
#pragma once

#include "detsim/engines/sim_clock.hpp"

#include <caf/execution_unit.hpp>
#include <caf/resumable.hpp>
#include <caf/scheduler/abstract_coordinator.hpp>

#include <memory>
#include <vector>

namespace detsim::engines {

class sim_coordinator final : public caf::scheduler::abstract_coordinator {
public:
  explicit sim_coordinator(caf::actor_system& sys);
  ~sim_coordinator() override;

  // caf::scheduler::abstract_coordinator
  void enqueue(caf::resumable* job) override;
  sim_clock& clock() noexcept override { return current().clock; }
  bool detaches_utility_actors() const override { return false; }

  /// Divides the run into `count` groups (at least one; before any node is spawned).
  void set_groups(std::size_t count);
  std::size_t group_count() const { return groups_.size(); }
  /// Makes `index` the group that clock(), enqueue() and the step functions act on, for
  /// the calling thread (each thread of a split run enters its own group).
  void enter(std::size_t index) { entered_ = groups_[index].get(); }
  std::size_t current_group() const { return current().index; }
  sim_clock& clock_of(std::size_t index) { return groups_[index]->clock; }

  std::size_t ready_count() const { return current().arrived.size() + current().ranked.size(); }
  /// The place in its instant's order of the actor the group's last step resumed.
  std::uint64_t last_rank() const { return current().last_rank; }
  /// Resumes, for one message, the ready actor whose node comes first at this instant:
  /// the smallest mix(instant_salt, node id); actors that are no node's by actor id, after
  /// the nodes. The order depends on the seed, the instant and the nodes alone, never on
  /// which actor became ready first, so a node's steps at an instant stay together and a
  /// run split across threads could merge them back into the same order.
  /// The salt must stay the same while any actor is ready (the engine changes it only
  /// when the ready set is empty and its clock moves on).
  void run_first(std::uint64_t instant_salt);
  /// Resumes `actor` now if it is ready; false if it is not.
  bool run_now(caf::abstract_actor* actor);
  /// Forgets every ready actor of every group (shutdown).
  void drop_all();

protected:
  void start() override;
  void stop() override;

private:
  struct ranked_job {
    std::uint64_t rank;
    caf::resumable* job;
  };
  static bool comes_later(const ranked_job& a, const ranked_job& b) { return a.rank > b.rank; }


  class unit final : public caf::execution_unit {
  public:
    unit(caf::actor_system* sys, sim_coordinator* parent)
      : caf::execution_unit(sys), parent_(parent) {}
    void exec_later(caf::resumable* job) override { parent_->enqueue(job); }

  private:
    sim_coordinator* parent_;
  };

  // Written on every step by the group's own thread: a cache line apart from the others.
  struct alignas(64) group {
    group(caf::actor_system* sys, sim_coordinator* parent, std::size_t i)
      : owner(parent), index(i), unit_of(sys, parent) {}
    const sim_coordinator* owner;
    std::size_t index;
    std::uint64_t last_rank = 0;
    sim_clock clock;
    // Jobs made ready since the last step, ranked when the next step looks at them (a
    // node is spawned ready before the engine marks it as a node), then kept in a
    // min-heap by rank: a step costs O(log ready) however many actors are ready.
    std::vector<caf::resumable*> arrived;
    std::vector<ranked_job> ranked;
    unit unit_of;
  };

  void resume(group& g, caf::resumable* job);

  /// The group the calling thread entered, if it is one of this coordinator's; else the
  /// first (a thread that never entered one, or entered another engine's).
  group& current() const {
    auto* g = entered_;
    return g && g->owner == this ? *g : *groups_.front();
  }

  std::vector<std::unique_ptr<group>> groups_;
  static thread_local group* entered_;
  bool rank_every_step_ = false; ///< split runs tag each step with its rank
};

} // namespace detsim::engines
