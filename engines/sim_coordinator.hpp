// engines/sim_coordinator.hpp: a CAF scheduler that runs nothing by itself. Ready actors
// wait in a vector; the engine resumes one of them per step, chosen by the seeded stream.
// Installed as the actor system's scheduler module, it owns the virtual clock.
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

  std::size_t ready_count() const { return ready_.size(); }
  /// Resumes the ready actor at `index` for one message.
  void run(std::size_t index);
  /// Resumes `actor` now if it is ready; false if it is not.
  bool run_now(caf::abstract_actor* actor);
  /// Forgets every ready actor (shutdown).
  void drop_all();

protected:
  void start() override;
  void stop() override;

private:
  class unit final : public caf::execution_unit {
  public:
    unit(caf::actor_system* sys, sim_coordinator* parent)
      : caf::execution_unit(sys), parent_(parent) {}
    void exec_later(caf::resumable* job) override { parent_->enqueue(job); }

  private:
    sim_coordinator* parent_;
  };

  sim_clock clock_;
  std::vector<caf::resumable*> ready_;
  unit unit_;
};

} // namespace detsim::engines
