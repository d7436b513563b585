// sim/trace_event.hpp: the trace model. One event per engine step (a delivery, drop,
// timer, spawn, kill, fault...), compact enough to record millions per second, and a
// rolling digest over them that proves two runs identical.
#pragma once

#include "detsim/sim/time.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace detsim::sim {

enum class event_kind : std::uint8_t {
  deliver,     ///< a message consumed by its target actor
  drop,        ///< a message lost by the network (loss or partition)
  duplicate,   ///< the network sent a message twice
  timer,       ///< an actor's own delayed message or timeout consumed
  spawn,       ///< a node's actor started
  kill,        ///< crash-stop of a node
  restart,     ///< a node's actor spawned anew after a kill
  fault_start, ///< an interval fault began
  fault_stop,  ///< an interval fault ended
  mark,        ///< a scenario's own milestone
};
constexpr int event_kind_count = 10;

std::string_view to_string(event_kind kind);

/// How much a trace records per event.
enum class trace_level : std::uint8_t {
  schedule, ///< kind, time, step and target: which actor ran when
  events,   ///< + source and message type (default)
  payloads, ///< + a 64-bit hash of each serialized payload
};

std::string_view to_string(trace_level level);
bool parse_trace_level(std::string_view text, trace_level& level);

/// Names inside an event are small ids; the trace's dictionary maps them to text.
struct trace_event {
  std::uint64_t step = 0;
  time_point time{0};
  event_kind kind = event_kind::deliver;
  std::uint32_t source = 0; ///< node id (for faults: fault index)
  std::uint32_t target = 0; ///< node id
  std::uint32_t type = 0;   ///< message type id (0 = none)
  std::uint64_t payload = 0;

  /// Keeps only the fields the level records, so comparisons are level-exact.
  trace_event masked(trace_level level) const;
  friend bool operator==(const trace_event& a, const trace_event& b);
  friend bool operator!=(const trace_event& a, const trace_event& b) { return !(a == b); }
};

/// Folds one event into a running 64-bit digest.
std::uint64_t digest_step(std::uint64_t digest, const trace_event& event);
constexpr std::uint64_t digest_seed = 0x6a09e667f3bcc908ULL;

/// What an engine reports to: a trace writer, a replay verifier, or both.
class event_sink {
public:
  virtual ~event_sink() = default;
  virtual void on_event(const trace_event& event) = 0;
  /// A new node (is_type false) or message type (true) got its id.
  virtual void on_name(bool is_type, std::uint32_t id, const std::string& name) = 0;
};

/// A message put on the network (never recorded in a trace; for timeline exports). It
/// carries no type id: looking one up here would number types in another order than the
/// recorded run did.
struct send_info {
  std::uint32_t source = 0;
  std::uint32_t target = 0;
  time_point sent{0};
  time_point arrival{0}; ///< equals sent for a message that arrives at once
};

/// Hears every network send; the engine calls it only for observers that asked.
class send_observer {
public:
  virtual ~send_observer() = default;
  virtual void on_send(const send_info& send) = 0;
};

} // namespace detsim::sim
