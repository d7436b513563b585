// actors/paxos/checker.hpp: ChunkPaxos safety, checked as values are chosen: one value
// per chunk (agreement) and only a value some uploader proposed for it (validity).
#pragma once

#include "detsim/sim/time.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace detsim::actors::paxos {

class checker {
public:
  void on_proposed(std::uint64_t chunk, std::uint64_t value) { proposed_[chunk].insert(value); }
  void on_chosen(std::uint64_t chunk, std::uint64_t value, std::uint32_t proposer,
                 sim::time_point at);

  /// The upload of `chunk` was acknowledged to its uploader (stored and registered).
  void on_acknowledged(std::uint64_t chunk) { acknowledged_.insert(chunk); }

  std::size_t chunks_chosen() const { return chosen_.size(); }
  /// The chosen value of a chunk, if one was chosen (first choice wins for the checks).
  const std::uint64_t* chosen(std::uint64_t chunk) const {
    auto i = chosen_.find(chunk);
    return i == chosen_.end() ? nullptr : &i->second;
  }
  const std::set<std::uint64_t>& acknowledged() const { return acknowledged_; }
  const std::vector<std::string>& agreement_violations() const { return agreement_; }
  const std::vector<std::string>& validity_violations() const { return validity_; }

private:
  std::map<std::uint64_t, std::set<std::uint64_t>> proposed_;
  std::map<std::uint64_t, std::uint64_t> chosen_;
  std::set<std::uint64_t> acknowledged_;
  std::vector<std::string> agreement_;
  std::vector<std::string> validity_;
};

} // namespace detsim::actors::paxos
