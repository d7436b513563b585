// engines/sim_coordinator.hpp: a CAF scheduler that runs nothing by itself. Ready actors
// wait in a heap; the engine resumes one of them per step, the one that comes first in
// the instant's seeded order of nodes. Installed as the actor system's scheduler module,
// it owns the virtual clock.
#pragma once

#include "detsim/engines/sim_clock.hpp"

#include <caf/execution_unit.hpp>
#include <caf/resumable.hpp>
#include <caf/scheduler/abstract_coordinator.hpp>

#include <vector>

namespace detsim::engines {

class sim_coordinator final : public caf::scheduler::abstract_coordinator {
public:
  explicit sim_coordinator(caf::actor_system& sys);

  // caf::scheduler::abstract_coordinator
  void enqueue(caf::resumable* job) override;
  sim_clock& clock() noexcept override { return clock_; }
  bool detaches_utility_actors() const override { return false; }

  std::size_t ready_count() const { return arrived_.size() + ranked_.size(); }
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
  /// Forgets every ready actor (shutdown).
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

  void resume(caf::resumable* job);

  class unit final : public caf::execution_unit {
  public:
    unit(caf::actor_system* sys, sim_coordinator* parent)
      : caf::execution_unit(sys), parent_(parent) {}
    void exec_later(caf::resumable* job) override { parent_->enqueue(job); }

  private:
    sim_coordinator* parent_;
  };

  sim_clock clock_;
  // Jobs made ready since the last step, ranked when the next step looks at them (a node
  // is spawned ready before the engine marks it as a node), then kept in a min-heap by
  // rank: a step costs O(log ready) however many actors are ready at one instant.
  std::vector<caf::resumable*> arrived_;
  std::vector<ranked_job> ranked_;
  unit unit_;
};

} // namespace detsim::engines
