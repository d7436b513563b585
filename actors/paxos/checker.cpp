// actors/paxos/checker.cpp: agreement and validity bookkeeping.
#include "detsim/actors/paxos/checker.hpp"

#include <fmt/format.h>

namespace detsim::actors::paxos {

namespace {
constexpr std::size_t kept_violations = 5;

void record(std::vector<std::string>& list, std::string text) {
  if (list.size() < kept_violations)
    list.push_back(std::move(text));
}
} // namespace

void checker::on_chosen(std::uint64_t chunk, std::uint64_t value, std::uint32_t proposer,
                        sim::time_point at) {
  auto& candidates = proposed_[chunk];
  if (!candidates.count(value))
    record(validity_, fmt::format("chunk {}: uploader-{} learned value {:x}, which nobody "
                                  "proposed (at {})",
                                  chunk, proposer, value, sim::format_duration(at)));
  auto [it, first] = chosen_.emplace(chunk, value);
  if (!first && it->second != value)
    record(agreement_, fmt::format("chunk {}: uploader-{} learned value {:x} but {:x} was "
                                   "chosen before (at {})",
                                   chunk, proposer, value, it->second,
                                   sim::format_duration(at)));
}

} // namespace detsim::actors::paxos
