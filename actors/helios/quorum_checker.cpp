// actors/helios/quorum_checker.cpp: recording and judging what clients saw.
#include "detsim/actors/helios/quorum_checker.hpp"

#include <fmt/format.h>

namespace detsim::actors::helios {

namespace {

std::string short_name(const std::string& id) {
  digest d{};
  return parse_digest(id, d) ? to_hex(d, 6) : "?";
}

} // namespace

void quorum_checker::written(const std::string& id, const std::string& content) {
  written_.emplace_back(id, content);
}

void quorum_checker::acknowledged(const std::string& id, sim::time_point at) {
  if (acknowledged_at_.emplace(id, at).second)
    acknowledged_.push_back(id);
}

void quorum_checker::read_missed(const std::string& id, sim::time_point started, sim::time_point now) {
  auto i = acknowledged_at_.find(id);
  if (i != acknowledged_at_.end() && i->second < started)
    add(lost_, fmt::format("at {}: state {} acknowledged at {} was not found by a majority read",
                           sim::format_duration(now), short_name(id),
                           sim::format_duration(i->second)));
}

void quorum_checker::read_committed(const std::string& id, std::uint32_t confirmations,
                                    std::uint32_t majority, sim::time_point now) {
  if (confirmations < majority && !is_acknowledged(id))
    add(uncommitted_reads_,
        fmt::format("at {}: a read returned state {} as committed on {} of the {} replicas a majority needs",
                    sim::format_duration(now), short_name(id), confirmations, majority));
  acknowledged(id, now);
}

void quorum_checker::read_corrupt(const std::string& id, sim::time_point now) {
  add(corrupt_, fmt::format("at {}: a replica returned bytes for state {} that hash to another digest",
                            sim::format_duration(now), short_name(id)));
}

} // namespace detsim::actors::helios
