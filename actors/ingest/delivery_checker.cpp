// actors/ingest/delivery_checker.cpp: bookkeeping per observation, and the end-of-run sweep.
#include "detsim/actors/ingest/delivery_checker.hpp"

#include <fmt/format.h>

namespace detsim::actors::ingest {

namespace {

constexpr std::size_t kept_violations = 10;
constexpr const char* priority_names[] = {"high", "normal", "low"};

} // namespace

void delivery_checker::record(std::vector<std::string>& list, std::string text) {
  if (list.size() < kept_violations)
    list.push_back(std::move(text));
  else if (list.size() == kept_violations)
    list.push_back("...");
}

delivery_checker::observation& delivery_checker::at(std::uint32_t producer, std::uint64_t sequence) {
  auto& list = observations_[producer];
  if (sequence >= list.size())
    list.resize(sequence + 1);
  return list[sequence];
}

void delivery_checker::on_admitted(std::uint32_t space, const std::vector<segment>& segments,
                                   bool accepted) {
  for (const auto& s : segments)
    for (std::uint64_t i = 0; i < s.count; ++i) {
      auto& o = at(s.producer, s.first + i);
      o.flags |= accepted ? accepted_bit : rejected_bit;
      o.space = static_cast<std::uint8_t>(space);
    }
}

void delivery_checker::on_told(const std::vector<segment>& segments, bool accepted) {
  for (const auto& s : segments)
    for (std::uint64_t i = 0; i < s.count; ++i) {
      auto& o = at(s.producer, s.first + i);
      o.flags |= accepted ? told_accepted_bit : told_rejected_bit;
      if ((accepted && (o.flags & rejected_bit)) || (!accepted && (o.flags & accepted_bit)))
        record(told_, fmt::format("producer-{} observation #{} was {} but the producer was told {}",
                                  s.producer, s.first + i, accepted ? "rejected" : "accepted",
                                  accepted ? "accepted" : "rejected"));
    }
}

void delivery_checker::on_indexed(std::uint32_t space, const std::vector<segment>& segments) {
  for (const auto& s : segments)
    for (std::uint64_t i = 0; i < s.count; ++i) {
      auto& o = at(s.producer, s.first + i);
      int times = (o.flags >> index_shift) & 3;
      if (times < 3)
        o.flags = static_cast<std::uint8_t>((o.flags & ~(3 << index_shift)) | ((times + 1) << index_shift));
      if (times == 1)
        record(delivery_, fmt::format("producer-{} observation #{} indexed twice (space {})",
                                      s.producer, s.first + i, space));
      if (!(o.flags & accepted_bit))
        record(delivery_, fmt::format("producer-{} observation #{} indexed but never accepted",
                                      s.producer, s.first + i));
      else if (o.space != space)
        record(delivery_, fmt::format("producer-{} observation #{} of space {} indexed in space {}",
                                      s.producer, s.first + i, o.space, space));
    }
}

void delivery_checker::on_batch(std::uint32_t space, std::uint8_t lowest, std::uint64_t high_left) {
  if (lowest != high && high_left > 0)
    record(priority_, fmt::format("space {} handed out {} priority work while {} high-priority "
                                  "observations waited", space, priority_names[lowest], high_left));
}

void delivery_checker::mark_pending(const std::vector<segment>& segments) {
  for (const auto& s : segments)
    mark_pending(s);
}

void delivery_checker::mark_pending(const segment& s) {
  for (std::uint64_t i = 0; i < s.count; ++i)
    at(s.producer, s.first + i).flags |= pending_bit;
}

void delivery_checker::check_end(const pipeline_state& state, const std::vector<bool>& worker_up) {
  for (const auto& space : state.spaces) {
    for (const auto& queue : space->queues)
      for (const auto& s : queue)
        mark_pending(s);
    for (const auto& [id, batch] : space->in_flight)
      mark_pending(batch.segments);
  }
  for (std::size_t w = 0; w < state.workers.size(); ++w)
    if (worker_up[w] && state.workers[w].holding)
      mark_pending(state.workers[w].segments);
  for (std::uint32_t p = 0; p < observations_.size(); ++p) {
    const auto& list = observations_[p];
    for (std::uint64_t i = 0; i < list.size();) {
      auto lost = [&](std::uint64_t k) {
        auto f = list[k].flags;
        return (f & accepted_bit) && ((f >> index_shift) & 3) == 0 && !(f & pending_bit);
      };
      if (!lost(i)) {
        ++i;
        continue;
      }
      auto first = i;
      while (i < list.size() && lost(i) && list[i].space == list[first].space)
        ++i;
      lost_ += i - first;
      record(delivery_, fmt::format("producer-{} observations #{}..#{} (space {}) were accepted but "
                                    "never indexed, and no queue, tracked batch or live worker "
                                    "holds them", p, first, i - 1, list[first].space));
    }
  }
}

} // namespace detsim::actors::ingest
