// replays/perfetto_export.cpp: Chrome trace event JSON for a run.
#include "detsim/replays/perfetto_export.hpp"

#include "detsim/replays/event_format.hpp"

#include <fmt/format.h>

namespace detsim::replays {

namespace {

constexpr double slice_us = 0.5; // deliveries take no virtual time; give them a visible width

double micros(std::int64_t ns) {
  return static_cast<double>(ns) / 1000.0;
}

} // namespace

void perfetto_export::on_name(bool is_type, std::uint32_t id, const std::string& name) {
  auto& names = is_type ? types_ : nodes_;
  if (id >= names.size())
    names.resize(id + 1);
  names[id] = name;
}

void perfetto_export::on_send(const sim::send_info& send) {
  if (!in_window(send.sent))
    return;
  in_flight_[{send.source, send.target, send.arrival.count()}].push_back(send.sent.count());
}

void perfetto_export::on_event(const sim::trace_event& e) {
  if (!in_window(e.time))
    return;
  auto type = e.type < types_.size() ? json_escape(types_[e.type]) : std::string{};
  auto tid = e.target + 1;
  auto ts = micros(e.time.count());
  switch (e.kind) {
    case sim::event_kind::deliver:
    case sim::event_kind::timer: {
      add(fmt::format(R"({{"ph":"X","pid":1,"tid":{},"ts":{:.3f},"dur":{},"name":"{}","args":{{"step":{}}}}})",
                      tid, ts, slice_us, type, e.step));
      auto pending = in_flight_.find({e.source, e.target, e.time.count()});
      if (e.kind != sim::event_kind::deliver || pending == in_flight_.end())
        return;
      auto sent = pending->second.front();
      pending->second.pop_front();
      if (pending->second.empty())
        in_flight_.erase(pending);
      auto flow = next_flow_++;
      add(fmt::format(R"({{"ph":"X","pid":1,"tid":{},"ts":{:.3f},"dur":{},"name":"send {}"}})",
                      e.source + 1, micros(sent), slice_us, type));
      add(fmt::format(R"({{"ph":"s","pid":1,"tid":{},"ts":{:.3f},"id":{},"name":"{}","cat":"message"}})",
                      e.source + 1, micros(sent), flow, type));
      add(fmt::format(R"({{"ph":"f","bp":"e","pid":1,"tid":{},"ts":{:.3f},"id":{},"name":"{}","cat":"message"}})",
                      tid, ts, flow, type));
      return;
    }
    case sim::event_kind::fault_start:
    case sim::event_kind::fault_stop:
      add(fmt::format(R"({{"ph":"i","s":"g","pid":1,"tid":0,"ts":{:.3f},"name":"{} {}"}})", ts,
                      sim::to_string(e.kind), e.source));
      return;
    default:
      add(fmt::format(R"({{"ph":"i","s":"t","pid":1,"tid":{},"ts":{:.3f},"name":"{}{}{}"}})", tid,
                      ts, sim::to_string(e.kind), type.empty() ? "" : " ", type));
  }
}

std::string perfetto_export::json() const {
  std::string out = R"({"displayTimeUnit":"ns","traceEvents":[)";
  out += R"({"ph":"M","pid":1,"name":"process_name","args":{"name":"detsim"}})";
  for (std::size_t i = 0; i < nodes_.size(); ++i)
    out += fmt::format(R"(,{{"ph":"M","pid":1,"tid":{},"name":"thread_name","args":{{"name":"{}"}}}})",
                       i + 1, json_escape(nodes_[i]));
  for (auto& e : events_)
    out += ",\n" + e;
  return out + "]}\n";
}

} // namespace detsim::replays
