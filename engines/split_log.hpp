// engines/split_log.hpp: what one group of a split run emitted during a window, each
// event tagged with where it stands in the instant's order, and the merge that puts the
// groups' logs back into the one order a single group would have produced.
#pragma once

#include "detsim/runtime/world.hpp"
#include "detsim/sim/trace_event.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace detsim::engines {

/// Where an event stands among everything at its instant. An instant runs in rounds:
/// the ready nodes' steps (phase 0, each node's steps together, nodes by their rank),
/// then the entries due then fire (phase 1, by their order word); what that made ready
/// runs in the next round. Ranks and order words are unique, so tags of two groups
/// never tie.
struct split_tag {
  std::int64_t time = 0;
  std::uint32_t round = 0;
  std::uint32_t phase = 0; ///< 0: a node's step, 1: an entry firing
  std::uint64_t key = 0;   ///< the node's rank, or the entry's order word

  bool operator<(const split_tag& other) const {
    if (time != other.time)
      return time < other.time;
    if (round != other.round)
      return round < other.round;
    if (phase != other.phase)
      return phase < other.phase;
    return key < other.key;
  }
};

struct split_record {
  split_tag tag;
  bool is_event = false;  ///< false: a report, or only the end of a step
  bool ends_step = false; ///< the last record of a step
  std::uint32_t report = 0; ///< 1 + index of a deferred report (world::in_run_order)
  sim::trace_event event; ///< its step is filled in by the merge
};

class split_log {
public:
  void add_event(const split_tag& tag, const sim::trace_event& event) {
    records_.push_back({tag, true, false, 0, event});
  }
  /// A report: `call` runs later with a copy of `size` bytes at `bytes` (at most
  /// world::deferred_report_bytes, which world::in_run_order checks).
  void add_report(const split_tag& tag, void (*call)(const void*), const void* bytes,
                  std::size_t size) {
    deferred report;
    report.call = call;
    std::memcpy(report.bytes, bytes, size);
    reports_.push_back(report);
    records_.push_back({tag, false, false, static_cast<std::uint32_t>(reports_.size()), {}});
  }
  /// Runs the report a record names.
  void run_report(const split_record& record) const {
    const auto& report = reports_[record.report - 1];
    report.call(report.bytes);
  }
  /// The step that began when the log had `size_before` records has ended.
  void end_step(const split_tag& tag, std::size_t size_before) {
    if (records_.size() > size_before)
      records_.back().ends_step = true;
    else
      records_.push_back({tag, false, true, 0, {}});
  }
  std::size_t size() const { return records_.size(); }
  const std::vector<split_record>& records() const { return records_; }
  void clear() {
    records_.clear();
    reports_.clear();
  }

private:
  struct deferred {
    void (*call)(const void*) = nullptr;
    alignas(std::max_align_t) unsigned char bytes[runtime::world::deferred_report_bytes];
  };
  std::vector<split_record> records_;
  std::vector<deferred> reports_;
};

/// Visits every record of `logs` in tag order (each log is in tag order already), with
/// the index of the log it came from.
template <class Visit>
void merge_split_logs(const std::vector<const split_log*>& logs, Visit&& visit) {
  std::vector<std::size_t> next(logs.size(), 0);
  for (;;) {
    const split_record* first = nullptr;
    std::size_t from = 0;
    for (std::size_t i = 0; i < logs.size(); ++i) {
      const auto& records = logs[i]->records();
      if (next[i] < records.size() && (!first || records[next[i]].tag < first->tag)) {
        first = &records[next[i]];
        from = i;
      }
    }
    if (!first)
      return;
    ++next[from];
    visit(*first, from);
  }
}

} // namespace detsim::engines
