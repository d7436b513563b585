// actors/swarm/lease_checker.hpp: the swarm's invariants, checked while the run goes on:
// never two holders of one resource at once, no acknowledged update lost, and every
// request answered or timed out. Resources and agents report to it; it sees global time.
#pragma once

#include "detsim/sim/time.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace detsim::actors::swarm {

class lease_checker {
public:
  lease_checker(std::size_t agents, std::size_t resources);

  /// Lease intervals are on the granting resource's own clock: exclusivity means the
  /// resource never grants while a lease it issued is live by that clock (which keeps
  /// running across crashes). Agents stop using a lease a margin before it ends.
  void on_grant(std::uint32_t resource, std::uint32_t agent, std::uint64_t lease,
                sim::time_point from, sim::time_point until);
  void on_release(std::uint32_t resource, std::uint64_t lease, sim::time_point at);
  void on_ack(std::uint32_t resource, std::uint64_t version, std::uint64_t checksum,
              sim::time_point at);
  void on_request(std::uint32_t agent, sim::time_point at);
  void on_resolved(std::uint32_t agent);
  void on_agent_start(std::uint32_t agent);

  /// End of run: the state a client can read from a resource (live, or as its restart
  /// would recover it) must cover every acknowledged update.
  void check_observable(std::uint32_t resource, std::uint64_t version, std::uint64_t checksum);
  /// End of run: a live agent's request older than `deadline` was never answered.
  void check_answered(std::uint32_t agent, bool up, sim::time_point deadline);

  const std::vector<std::string>& exclusive_violations() const { return exclusive_; }
  const std::vector<std::string>& lost_update_violations() const { return lost_; }
  const std::vector<std::string>& unanswered_violations() const { return unanswered_; }

private:
  struct lease_state {
    std::uint64_t lease = 0;
    std::uint32_t agent = 0;
    sim::time_point until{0};
  };
  struct ack_state {
    std::uint64_t version = 0;
    std::uint64_t checksum = 0;
  };
  static void record(std::vector<std::string>& list, std::string text);

  std::vector<lease_state> leases_;
  std::vector<ack_state> acked_;
  std::vector<std::int64_t> outstanding_since_; // -1: none
  std::vector<std::string> exclusive_;
  std::vector<std::string> lost_;
  std::vector<std::string> unanswered_;
};

} // namespace detsim::actors::swarm
