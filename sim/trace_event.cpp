// sim/trace_event.cpp: names, masking and digest of trace events.
#include "detsim/sim/trace_event.hpp"

#include <tuple>

namespace detsim::sim {

std::string_view to_string(event_kind kind) {
  static constexpr std::string_view names[] = {
    "deliver", "drop", "duplicate", "timer", "spawn",
    "kill", "restart", "fault-start", "fault-stop", "mark"};
  auto index = static_cast<std::size_t>(kind);
  return index < event_kind_count ? names[index] : "unknown";
}

std::string_view to_string(trace_level level) {
  switch (level) {
    case trace_level::schedule: return "schedule";
    case trace_level::events: return "events";
    default: return "payloads";
  }
}

bool parse_trace_level(std::string_view text, trace_level& level) {
  for (auto candidate : {trace_level::schedule, trace_level::events, trace_level::payloads})
    if (to_string(candidate) == text) {
      level = candidate;
      return true;
    }
  return false;
}

trace_event trace_event::masked(trace_level level) const {
  trace_event copy = *this;
  if (level == trace_level::schedule) {
    copy.source = 0;
    copy.type = 0;
  }
  if (level != trace_level::payloads)
    copy.payload = 0;
  return copy;
}

bool operator==(const trace_event& a, const trace_event& b) {
  return std::tie(a.step, a.time, a.kind, a.source, a.target, a.type, a.payload) ==
         std::tie(b.step, b.time, b.kind, b.source, b.target, b.type, b.payload);
}

std::uint64_t digest_step(std::uint64_t digest, const trace_event& e) {
  // Three multiply-mix rounds over the packed fields: cheap enough to run on every step.
  auto mix = [](std::uint64_t h, std::uint64_t v) {
    h = (h ^ v) * 0x9e3779b97f4a7c15ULL;
    return h ^ (h >> 29);
  };
  digest = mix(digest, static_cast<std::uint64_t>(e.time.count()) ^ (e.step << 40) ^
                         (static_cast<std::uint64_t>(e.kind) << 32) ^ e.type);
  digest = mix(digest, (static_cast<std::uint64_t>(e.source) << 32) | e.target);
  return mix(digest, e.payload ^ e.step);
}

} // namespace detsim::sim
