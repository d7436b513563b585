// engines/sim_coordinator.cpp: the ready set and single-message resumption.
#include "detsim/engines/sim_coordinator.hpp"

#include <caf/actor_system.hpp>
#include <caf/make_actor.hpp>
#include <caf/monitorable_actor.hpp>
#include <caf/scheduled_actor.hpp>

#include <algorithm>
#include <iostream>

namespace detsim::engines {

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

/// CAF's scheduled_actor::resume for one message, minus its logging context and CAF
/// stream upkeep (simulated actors do not use CAF streams): the same mailbox rounds in
/// the same order, so the same message is consumed. Each of those two costs a lock or
/// a check on every step in CAF's own version.
caf::resumable::resume_result resume_one(caf::scheduled_actor& self, caf::execution_unit* unit) {
  if (!self.activate(unit))
    return caf::resumable::done;
  std::size_t handled = 0;
  caf::scheduled_actor::mailbox_visitor visitor{&self, handled, 1};
  while (handled < 1) {
    if (!self.mailbox().new_round(3, visitor).consumed_items && self.mailbox().try_block())
      return caf::resumable::awaiting_message;
    if (self.finalize())
      return caf::resumable::done;
  }
  self.set_receive_timeout();
  return self.mailbox().try_block() ? caf::resumable::awaiting_message
                                    : caf::resumable::resume_later;
}

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
  auto result = job->subtype() == caf::resumable::scheduled_actor
                  ? resume_one(*static_cast<caf::scheduled_actor*>(job), &unit_)
                  : job->resume(&unit_, 1);
  switch (result) {
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
  // Each ready job holds a reference (taken when it was scheduled); dropping the job
  // without releasing it would keep its actor, and everything in its mailbox, alive.
  auto dropped = std::move(ready_);
  ready_.clear();
  for (auto* job : dropped)
    intrusive_ptr_release(job);
}

} // namespace detsim::engines
