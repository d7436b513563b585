// replays/verifier.cpp: event-by-event comparison with context. Events are compared as
// numbers; text is produced only for a divergence, so verification stays fast.
#include "detsim/replays/verifier.hpp"

#include "detsim/sim/parameters.hpp"

namespace detsim::replays {

namespace {
constexpr std::size_t context_events = 10;
} // namespace

verifier::verifier(trace_reader& reader, std::function<void()> on_divergence)
  : reader_(reader), on_divergence_(std::move(on_divergence)) {}

void verifier::on_name(bool is_type, std::uint32_t id, const std::string& name) {
  actual_names_.on_name(is_type, id, name);
}

std::string verifier::describe_recorded(std::uint64_t index, const sim::trace_event& e) const {
  return format_event(
    index, e, [this](std::uint32_t id) -> const std::string& { return reader_.node_name(id); },
    [this](std::uint32_t id) -> const std::string& { return reader_.type_name(id); });
}

std::string verifier::describe_actual(std::uint64_t index, const sim::trace_event& e) const {
  return format_event(
    index, e, [this](std::uint32_t id) -> const std::string& { return actual_names_.node(id); },
    [this](std::uint32_t id) -> const std::string& { return actual_names_.type(id); });
}

void verifier::diverge(const std::string& expected, const std::string& actual) {
  divergence d;
  d.index = compared_;
  d.expected = expected;
  d.actual = actual;
  auto first = compared_ - recent_.size();
  for (std::size_t i = 0; i < recent_.size(); ++i)
    d.before.push_back(describe_recorded(first + i, recent_[i]));
  divergence_ = std::move(d);
  if (on_divergence_)
    on_divergence_();
}

void verifier::on_event(const sim::trace_event& event) {
  if (divergence_)
    return;
  sim::trace_event expected;
  bool more = false;
  try {
    more = reader_.next(expected);
  } catch (const std::exception& e) {
    // Never let a read error unwind through the actor that is being run.
    read_error_ = e.what();
    divergence_ = divergence{};
    if (on_divergence_)
      on_divergence_();
    return;
  }
  if (!more)
    return diverge("(end of trace)", describe_actual(compared_, event));
  if (expected != event)
    return diverge(describe_recorded(compared_, expected), describe_actual(compared_, event));
  recent_.push_back(event);
  if (recent_.size() > context_events)
    recent_.pop_front();
  ++compared_;
}

void verifier::check_names() {
  // Same ids must also name the same nodes and types, or a rename would pass unnoticed.
  for (std::uint32_t id = 0; !divergence_ && actual_names_.node(id) != "?"; ++id)
    if (reader_.node_name(id) != actual_names_.node(id))
      diverge("node " + std::to_string(id) + " = " + reader_.node_name(id),
              "node " + std::to_string(id) + " = " + actual_names_.node(id));
  for (std::uint32_t id = 1; !divergence_ && actual_names_.type(id) != "?"; ++id)
    if (reader_.type_name(id) != "?" && reader_.type_name(id) != actual_names_.type(id))
      diverge("type " + std::to_string(id) + " = " + reader_.type_name(id),
              "type " + std::to_string(id) + " = " + actual_names_.type(id));
}

const std::optional<divergence>& verifier::finish() {
  if (!read_error_.empty())
    throw sim::input_error(read_error_);
  sim::trace_event extra;
  if (!divergence_ && reader_.next(extra))
    diverge(describe_recorded(compared_, extra), "(run ended)");
  check_names();
  return divergence_;
}

} // namespace detsim::replays
