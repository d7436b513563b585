// replays/verifier.hpp: compares a re-executed run with a recorded trace, event by
// event, and keeps what a person needs at the first difference: its index, both events
// and the ten events before it.
#pragma once

#include "detsim/replays/event_format.hpp"
#include "detsim/replays/trace_reader.hpp"

#include <deque>
#include <functional>
#include <optional>
#include <string>

namespace detsim::replays {

struct divergence {
  std::uint64_t index = 0;
  std::string expected; ///< the recorded event, or "(end of trace)"
  std::string actual;   ///< the re-executed event, or "(run ended)"
  std::vector<std::string> before;
};

class verifier final : public sim::event_sink {
public:
  /// `on_divergence` is called once, at the first difference (to stop the run).
  verifier(trace_reader& reader, std::function<void()> on_divergence);

  void on_event(const sim::trace_event& event) override;
  void on_name(bool is_type, std::uint32_t id, const std::string& name) override;

  /// After the run: checks that the trace has no events left. Returns the first
  /// divergence, if any; throws sim::input_error if the trace was unreadable.
  const std::optional<divergence>& finish();

  std::uint64_t compared() const { return compared_; }

private:
  void diverge(const std::string& expected, const std::string& actual);
  std::string describe_recorded(std::uint64_t index, const sim::trace_event& e) const;
  std::string describe_actual(std::uint64_t index, const sim::trace_event& e) const;
  void check_names();

  trace_reader& reader_;
  std::function<void()> on_divergence_;
  name_table actual_names_;
  std::deque<sim::trace_event> recent_;
  std::optional<divergence> divergence_;
  std::uint64_t compared_ = 0;
  std::string read_error_; ///< the trace could not be read further
};

} // namespace detsim::replays
