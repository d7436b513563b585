// actors/swarm/lease_checker.cpp: invariant bookkeeping for the swarm.
#include "detsim/actors/swarm/lease_checker.hpp"

#include <fmt/format.h>

namespace detsim::actors::swarm {

namespace {
constexpr std::size_t kept_violations = 5; // the first few are enough to debug
} // namespace

lease_checker::lease_checker(std::size_t agents, std::size_t resources)
  : leases_(resources), acked_(resources), outstanding_since_(agents, -1) {}

void lease_checker::record(std::vector<std::string>& list, std::string text) {
  if (list.size() < kept_violations)
    list.push_back(std::move(text));
  else if (list.size() == kept_violations)
    list.push_back("...");
}

void lease_checker::on_grant(std::uint32_t resource, std::uint32_t agent, std::uint64_t lease,
                             sim::time_point from, sim::time_point until) {
  auto& current = leases_[resource];
  if (current.lease != 0 && from < current.until)
    record(exclusive_,
           fmt::format("resource-{} granted to agent-{} at {} while agent-{} held it until {}",
                       resource, agent, sim::format_duration(from), current.agent,
                       sim::format_duration(current.until)));
  current = {lease, agent, until};
}

void lease_checker::on_release(std::uint32_t resource, std::uint64_t lease, sim::time_point at) {
  auto& current = leases_[resource];
  if (current.lease == lease && at < current.until)
    current.until = at;
}

void lease_checker::on_ack(std::uint32_t resource, std::uint64_t version,
                           std::uint64_t checksum, sim::time_point at) {
  auto& best = acked_[resource];
  if (version == best.version && checksum != best.checksum)
    record(lost_, fmt::format("resource-{} acknowledged two different histories as version {} "
                              "(at {}): an acknowledged update was lost",
                              resource, version, sim::format_duration(at)));
  if (version > best.version)
    best = {version, checksum};
}

void lease_checker::on_request(std::uint32_t agent, sim::time_point at) {
  outstanding_since_[agent] = at.count();
}

void lease_checker::on_resolved(std::uint32_t agent) {
  outstanding_since_[agent] = -1;
}

void lease_checker::on_agent_start(std::uint32_t agent) {
  outstanding_since_[agent] = -1;
}

void lease_checker::check_observable(std::uint32_t resource, std::uint64_t version,
                                  std::uint64_t checksum) {
  auto& best = acked_[resource];
  if (version < best.version || (version == best.version && checksum != best.checksum))
    record(lost_, fmt::format("resource-{} ends at version {} but version {} was acknowledged",
                              resource, version, best.version));
}

void lease_checker::check_answered(std::uint32_t agent, bool up, sim::time_point deadline) {
  auto since = outstanding_since_[agent];
  if (up && since >= 0 && since < deadline.count())
    record(unanswered_, fmt::format("agent-{}'s request sent at {} was neither answered nor "
                                    "timed out",
                                    agent, sim::format_duration(sim::duration{since})));
}

} // namespace detsim::actors::swarm
