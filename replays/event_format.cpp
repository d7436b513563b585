// replays/event_format.cpp: text and JSONL renderings of trace events.
#include "detsim/replays/event_format.hpp"

#include <fmt/format.h>

namespace detsim::replays {

namespace {

const std::string none;
const std::string unknown = "?";

std::string seconds(sim::time_point t) {
  return fmt::format("{}.{:09}s", t.count() / 1'000'000'000, t.count() % 1'000'000'000);
}

bool is_fault(sim::event_kind kind) {
  return kind == sim::event_kind::fault_start || kind == sim::event_kind::fault_stop;
}

} // namespace

std::string json_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", c);
      continue;
    }
    out += c;
  }
  return out;
}

std::string format_event(std::uint64_t index, const sim::trace_event& e,
                         const name_lookup& node_name, const name_lookup& type_name) {
  auto line = fmt::format("#{} t={} step={} {}", index, seconds(e.time), e.step,
                          sim::to_string(e.kind));
  if (is_fault(e.kind))
    return line + fmt::format(" fault {}", e.source);
  line += e.source == e.target ? " " + node_name(e.target)
                               : fmt::format(" {} -> {}", node_name(e.source),
                                             node_name(e.target));
  if (e.type != 0)
    line += " " + type_name(e.type);
  if (e.payload != 0)
    line += fmt::format(" payload={:016x}", e.payload);
  return line;
}

std::string format_event_json(std::uint64_t index, const sim::trace_event& e,
                              const name_lookup& node_name, const name_lookup& type_name) {
  auto kind = sim::to_string(e.kind);
  if (is_fault(e.kind))
    return fmt::format(R"({{"index":{},"time_ns":{},"step":{},"kind":"{}","fault":{}}})",
                       index, e.time.count(), e.step, kind, e.source);
  return fmt::format(
    R"({{"index":{},"time_ns":{},"step":{},"kind":"{}","source":"{}","target":"{}","type":"{}","payload":"{:016x}"}})",
    index, e.time.count(), e.step, kind, json_escape(node_name(e.source)),
    json_escape(node_name(e.target)), json_escape(e.type ? type_name(e.type) : none),
    e.payload);
}

void name_table::on_name(bool is_type, std::uint32_t id, const std::string& name) {
  auto& names = is_type ? types_ : nodes_;
  if (id >= names.size())
    names.resize(id + 1);
  names[id] = name;
}

const std::string& name_table::node(std::uint32_t id) const {
  return id < nodes_.size() ? nodes_[id] : unknown;
}

const std::string& name_table::type(std::uint32_t id) const {
  return id < types_.size() ? types_[id] : unknown;
}

} // namespace detsim::replays
