// engines/sim_coordinator.cpp: the ready set and single-message resumption.
#include "engines/sim_coordinator.hpp"

#include <caf/actor_system.hpp>
#include <caf/make_actor.hpp>
#include <caf/monitorable_actor.hpp>
#include <caf/scheduled_actor.hpp>

#include <algorithm>
#include <iostream>

namespace engines {

namespace {

/// Stands in for CAF's printer actor (aout): prints at once, in program order.
class sim_printer final : public caf::monitorable_actor {
public:
  explicit sim_printer(caf::actor_config& cfg) : caf::monitorable_actor(cfg) {}

  void enqueue(caf::mailbox_element_ptr element, caf::execution_unit*) override {
    auto& content = element->content();
    if (content.size() == 3 && content.match_element<std::string>(2))
      std::cout << content.get_as<std::string>(2);
  }
};

} // namespace

sim_coordinator::sim_coordinator(caf::actor_system& sys)
  : caf::scheduler::abstract_coordinator(sys), unit_(&sys, this) {}

void sim_coordinator::start() {
  caf::actor_config cfg{&unit_};
  auto& sys = system();
  utility_actors_[printer_id] =
    caf::make_actor<sim_printer, caf::actor>(sys.next_actor_id(), sys.node(), &sys, cfg);
}

void sim_coordinator::stop() {
  drop_all();
  clock_.clear();
}

void sim_coordinator::enqueue(caf::resumable* job) {
  ready_.push_back(job);
}

void sim_coordinator::run(std::size_t index) {
  auto* job = ready_[index];
  ready_[index] = ready_.back();
  ready_.pop_back();
  switch (job->resume(&unit_, 1)) {
    case caf::resumable::resume_later:
      ready_.push_back(job);
      break;
    case caf::resumable::done:
    case caf::resumable::awaiting_message:
      intrusive_ptr_release(job);
      break;
    case caf::resumable::shutdown_execution_unit:
      break;
  }
}

bool sim_coordinator::run_now(caf::abstract_actor* actor) {
  auto* job = dynamic_cast<caf::resumable*>(actor);
  auto i = std::find(ready_.begin(), ready_.end(), job);
  if (i == ready_.end())
    return false;
  run(static_cast<std::size_t>(i - ready_.begin()));
  return true;
}

void sim_coordinator::drop_all() {
  ready_.clear();
}

} // namespace engines
