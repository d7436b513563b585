// actors/helios/quorum_client.hpp: a client of the replicated Helios store. At `rate_hz`
// it writes a new state to every replica (acknowledged once a majority acks) or reads a
// state from every replica: once a majority answered, a state found anywhere is written
// back to all (read repair) and returned as committed when a majority acks that;
// found nowhere, it is reported missing. One operation at a time, each bounded by
// `timeout` per replica.
#pragma once

#include "detsim/actors/helios/digest.hpp"
#include "detsim/actors/helios/quorum_checker.hpp"
#include "detsim/actors/helios/replica_messages.hpp"
#include "detsim/runtime/node_actor.hpp"
#include "detsim/sim/time_series.hpp"

#include <functional>
#include <memory>
#include <vector>

namespace detsim::actors::helios {

struct quorum_client_options {
  const std::vector<sim::node_id>* replicas = nullptr;
  double rate_hz = 20;
  double read_share = 0.4;
  sim::duration timeout{300'000'000};
  sim::time_point stop_at{0}; ///< no new operations from here (the quiet period)
};

struct quorum_client_stats {
  std::uint64_t writes = 0, writes_acknowledged = 0, writes_failed = 0;
  std::uint64_t reads = 0, reads_committed = 0, reads_missing = 0, reads_unavailable = 0;
  std::uint64_t repairs = 0;
  /// Over simulated time, for the dashboard: what clients got done and what they did not.
  sim::time_series acknowledged_over_time{sim::duration{250'000'000}};
  sim::time_series failed_over_time{sim::duration{250'000'000}};
  sim::time_series committed_reads_over_time{sim::duration{250'000'000}};
  sim::time_series missing_reads_over_time{sim::duration{250'000'000}};
};

class quorum_client final : public runtime::node_actor {
public:
  quorum_client(caf::actor_config& cfg, runtime::world& w, sim::node_id node, std::uint32_t index,
                quorum_client_options options, quorum_checker* checker, quorum_client_stats* stats);

  caf::behavior make_behavior() override;

private:
  /// One operation's replies so far.
  struct round {
    std::uint64_t id = 0;
    std::uint32_t answered = 0, errors = 0, acks = 0, found = 0;
    bool decided = false;
  };

  void next_operation();
  void write();
  void read();
  /// Sends `items` to every replica; calls `done(acked)` once the outcome is known.
  void replicate_all(std::vector<commit_item> items, std::function<void(bool)> done);
  /// Writes a state found on fewer than a majority back to all; committed once a majority acks.
  void repair(const std::string& id, const std::string& content);
  void finish_operation();
  std::uint32_t majority() const { return static_cast<std::uint32_t>(options_.replicas->size() / 2 + 1); }

  std::uint32_t index_;
  quorum_client_options options_;
  quorum_checker* checker_;
  quorum_client_stats* stats_;
  std::unique_ptr<sha256> hasher_;
  std::uint64_t counter_ = 0;
  std::string last_acknowledged_;
  bool busy_ = false;
};

} // namespace detsim::actors::helios
