// replays/event_frame_encoder.hpp: turns trace events into event frames, column by column
// (delta-coded step and time, then kinds, sources, targets, types, payloads, and the
// running digest). The trace writer runs it on its output thread, so a run's own thread
// only copies each event once.
#pragma once

#include "detsim/replays/byte_codec.hpp"
#include "detsim/sim/trace_event.hpp"

namespace detsim::replays {

/// Events in one event frame, at most; the writer's batches divide it evenly.
constexpr std::uint32_t events_per_frame = 1u << 16;

class event_frame_encoder {
public:
  explicit event_frame_encoder(sim::trace_level level) : level_(level) {}

  /// Names (already encoded: kind, id, name) that precede the next events in the frame.
  void add_names(const bytes& encoded, std::uint32_t count);
  void add(const sim::trace_event& event);
  bool frame_full() const { return frame_events_ == events_per_frame; }
  /// The frame so far, ready for compression, and a fresh one started; empty when there
  /// is nothing to write.
  bytes take_frame();

  std::uint64_t events() const { return events_; }
  std::uint64_t digest() const { return digest_; }

private:
  sim::trace_level level_;
  bytes names_;
  std::uint32_t name_count_ = 0;
  bytes steps_, times_, kinds_, sources_, targets_, types_, payloads_;
  std::uint32_t frame_events_ = 0;
  std::uint64_t last_step_ = 0;
  std::int64_t last_time_ = 0;
  std::uint64_t digest_ = sim::digest_seed;
  std::uint64_t events_ = 0;
};

} // namespace detsim::replays
