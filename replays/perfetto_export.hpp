// replays/perfetto_export.hpp: a run as Chrome trace event JSON, which ui.perfetto.dev and
// chrome://tracing open offline: one track per node, a slice per delivered message, an
// arrow from each send to its delivery, markers for drops, kills, restarts and faults.
#pragma once

#include "detsim/sim/trace_event.hpp"

#include <deque>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace detsim::replays {

class perfetto_export final : public sim::event_sink, public sim::send_observer {
public:
  /// Only events in [from, to] are exported (viewers choke on hundreds of MB).
  perfetto_export(sim::time_point from, sim::time_point to) : from_(from), to_(to) {}

  void on_event(const sim::trace_event& event) override;
  void on_name(bool is_type, std::uint32_t id, const std::string& name) override;
  void on_send(const sim::send_info& send) override;

  /// The JSON document ({"traceEvents": [...], "displayTimeUnit": "ns"}).
  std::string json() const;
  std::size_t exported() const { return events_.size(); }

private:
  bool in_window(sim::time_point t) const { return t >= from_ && t <= to_; }
  void add(std::string event) { events_.push_back(std::move(event)); }

  sim::time_point from_;
  sim::time_point to_;
  std::vector<std::string> nodes_;
  std::vector<std::string> types_;
  std::vector<std::string> events_;
  // Sends waiting for their delivery, by (source, target, arrival): FIFO.
  std::map<std::tuple<std::uint32_t, std::uint32_t, std::int64_t>, std::deque<std::int64_t>>
    in_flight_;
  std::uint64_t next_flow_ = 1;
};

} // namespace detsim::replays
