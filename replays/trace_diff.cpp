// replays/trace_diff.cpp: lock-step comparison of two trace files.
#include "detsim/replays/trace_diff.hpp"

#include "detsim/replays/event_format.hpp"
#include "detsim/replays/trace_reader.hpp"

namespace detsim::replays {

namespace {

std::string describe(const trace_reader& reader, std::uint64_t index, bool more,
                     const sim::trace_event& e) {
  if (!more)
    return "(end of trace)";
  return format_event(
    index, e, [&](std::uint32_t id) -> const std::string& { return reader.node_name(id); },
    [&](std::uint32_t id) -> const std::string& { return reader.type_name(id); });
}

} // namespace

std::optional<trace_difference> first_difference(const std::string& first_path,
                                                 const std::string& second_path) {
  trace_reader first{first_path};
  trace_reader second{second_path};
  sim::trace_event a, b;
  for (std::uint64_t index = 0;; ++index) {
    bool more_a = first.next(a);
    bool more_b = second.next(b);
    if (!more_a && !more_b)
      return std::nullopt;
    if (more_a != more_b || a != b ||
        describe(first, index, more_a, a) != describe(second, index, more_b, b))
      return trace_difference{index, describe(first, index, more_a, a),
                              describe(second, index, more_b, b)};
  }
}

} // namespace detsim::replays
