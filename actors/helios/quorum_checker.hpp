// actors/helios/quorum_checker.hpp: what the helios-chaos clients saw, for its
// invariants: which states were written and which acknowledged by a majority (by their
// writer or by a read's repair), reads that missed an acknowledged state, and reads that
// called a state committed.
#pragma once

#include "detsim/actors/helios/digest.hpp"
#include "detsim/sim/time.hpp"

#include <map>
#include <string>
#include <vector>

namespace detsim::actors::helios {

class quorum_checker {
public:
  /// A client sent this state to the replicas.
  void written(const std::string& id, const std::string& content);
  /// A majority acknowledged it (the writer's quorum or a read's repair).
  void acknowledged(const std::string& id, sim::time_point at);
  bool is_acknowledged(const std::string& id) const { return acknowledged_at_.count(id) != 0; }

  /// A read started at `started` heard a majority and none had the state.
  void read_missed(const std::string& id, sim::time_point started, sim::time_point now);
  /// A read returned the state as committed, on `confirmations` replicas' word (its
  /// replies or its repair's acks); committed from then on.
  void read_committed(const std::string& id, std::uint32_t confirmations, std::uint32_t majority,
                      sim::time_point now);
  /// A replica answered a read with bytes that do not hash to the digest.
  void read_corrupt(const std::string& id, sim::time_point now);

  /// Every state written, in order: clients read from these.
  const std::vector<std::pair<std::string, std::string>>& written_states() const { return written_; }
  const std::vector<std::string>& acknowledged_states() const { return acknowledged_; }

  const std::vector<std::string>& lost() const { return lost_; }
  const std::vector<std::string>& uncommitted_reads() const { return uncommitted_reads_; }
  const std::vector<std::string>& corrupt_reads() const { return corrupt_; }

private:
  void add(std::vector<std::string>& to, std::string text) {
    if (to.size() < 10)
      to.push_back(std::move(text));
  }

  std::vector<std::pair<std::string, std::string>> written_;
  std::map<std::string, sim::time_point> acknowledged_at_;
  std::vector<std::string> acknowledged_;
  std::vector<std::string> lost_, uncommitted_reads_, corrupt_;
};

} // namespace detsim::actors::helios
