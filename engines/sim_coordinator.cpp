// engines/sim_coordinator.cpp: the ready set and single-message resumption.
#include "detsim/engines/sim_coordinator.hpp"

#include "detsim/engines/node_access.hpp"

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

/// Where a ready job comes at an instant (smaller first): its node's place in the
/// instant's seeded order; an actor outside the nodes by its id, after every node; any
/// other job last.
std::uint64_t instant_rank(caf::resumable* job, std::uint64_t instant_salt) {
  if (job->subtype() != caf::resumable::scheduled_actor)
    return ~std::uint64_t{0};
  auto* actor = static_cast<caf::scheduled_actor*>(job);
  if (auto* node = node_access::engine_node(actor)) {
    std::uint64_t mixed = instant_salt ^ (std::uint64_t{node->node()} * 0xd1b54a32d192ed03ULL);
    return sim::splitmix64(mixed) >> 1; // nodes in the lower half of the order
  }
  return (std::uint64_t{1} << 63) | actor->id();
}

} // namespace

sim_coordinator::sim_coordinator(caf::actor_system& sys)
  : caf::scheduler::abstract_coordinator(sys) {
  set_groups(1);
}

void sim_coordinator::set_groups(std::size_t count) {
  // The first group stays: the printer actor was made with its execution unit.
  for (auto i = groups_.size(); i < count; ++i)
    groups_.push_back(std::make_unique<group>(&system(), this, i));
  entered_ = groups_.front().get();
  rank_every_step_ = count > 1;
}

thread_local sim_coordinator::group* sim_coordinator::entered_ = nullptr;

sim_coordinator::~sim_coordinator() {
  if (entered_ && entered_->owner == this)
    entered_ = nullptr; // a later coordinator may reuse the address
}

void sim_coordinator::start() {
  caf::actor_config cfg{&groups_.front()->unit_of};
  auto& sys = system();
  utility_actors_[printer_id] =
    caf::make_actor<sim_printer, caf::actor>(sys.next_actor_id(), sys.node(), &sys, cfg);
}

void sim_coordinator::stop() {
  drop_all();
  for (auto& g : groups_)
    g->clock.clear();
}

void sim_coordinator::enqueue(caf::resumable* job) {
  current().arrived.push_back(job);
}

void sim_coordinator::run_first(std::uint64_t instant_salt) {
  auto& g = current();
  auto& arrived = g.arrived;
  auto& ranked = g.ranked;
  if (ranked.empty() && arrived.size() == 1) { // the common step: one actor ready
    auto* job = arrived.back();
    arrived.clear();
    if (rank_every_step_)
      g.last_rank = instant_rank(job, instant_salt);
    resume(g, job);
    return;
  }
  for (auto* job : arrived) {
    ranked.push_back({instant_rank(job, instant_salt), job});
    std::push_heap(ranked.begin(), ranked.end(), comes_later);
  }
  arrived.clear();
  std::pop_heap(ranked.begin(), ranked.end(), comes_later);
  auto* job = ranked.back().job;
  g.last_rank = ranked.back().rank;
  ranked.pop_back();
  resume(g, job);
}

void sim_coordinator::resume(group& g, caf::resumable* job) {
  // What the actor queues (timers, network arrivals) is its node's making.
  auto& clock = g.clock;
  auto* unit = &g.unit_of;
  auto* maker = clock.maker();
  caf::resumable::resume_result result;
  if (job->subtype() == caf::resumable::scheduled_actor) {
    auto* actor = static_cast<caf::scheduled_actor*>(job);
    clock.set_maker(node_access::engine_node(actor));
    result = resume_one(*actor, unit);
  } else {
    clock.set_maker(nullptr);
    result = job->resume(unit, 1);
  }
  clock.set_maker(maker);
  switch (result) {
    case caf::resumable::resume_later:
      g.arrived.push_back(job);
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
  auto& arrived = current().arrived;
  auto& ranked = current().ranked;
  if (auto i = std::find(arrived.begin(), arrived.end(), job); i != arrived.end()) {
    arrived.erase(i);
  } else {
    auto j = std::find_if(ranked.begin(), ranked.end(),
                          [job](const ranked_job& r) { return r.job == job; });
    if (j == ranked.end())
      return false;
    ranked.erase(j); // rare (a kill): rebuilding the heap is cheaper than keeping places
    std::make_heap(ranked.begin(), ranked.end(), comes_later);
  }
  resume(current(), job);
  return true;
}

void sim_coordinator::drop_all() {
  // Each ready job holds a reference (taken when it was scheduled); dropping the job
  // without releasing it would keep its actor, and everything in its mailbox, alive.
  for (auto& g : groups_) {
    auto arrived = std::move(g->arrived);
    auto ranked = std::move(g->ranked);
    g->arrived.clear();
    g->ranked.clear();
    for (auto* job : arrived)
      intrusive_ptr_release(job);
    for (const auto& entry : ranked)
      intrusive_ptr_release(entry.job);
  }
}

} // namespace detsim::engines
