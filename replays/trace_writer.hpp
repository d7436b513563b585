// replays/trace_writer.hpp: writes a trace as a stream of independent, checksummed zstd
// frames: a header frame, event frames of up to 64 Ki events stored column by column
// (see event_frame_encoder) and a footer with the event count and digest. A crash leaves
// a file readable up to its last complete frame. The run's thread only copies events
// into batches; encoding and compression happen on the output thread, in order.
#pragma once

#include "detsim/replays/byte_codec.hpp"
#include "detsim/replays/event_frame_encoder.hpp"
#include "detsim/replays/frame_output.hpp"
#include "detsim/replays/trace_header.hpp"

#include <string>
#include <vector>

namespace detsim::replays {

class trace_writer final : public sim::event_sink {
public:
  /// Opens `path` and writes the header frame; throws io_error.
  trace_writer(const std::string& path, const trace_header& header, int zstd_level = 3);

  void on_event(const sim::trace_event& event) override;
  void on_name(bool is_type, std::uint32_t id, const std::string& name) override;

  /// Flushes the last frame and writes the footer; throws io_error.
  void close();

  /// Compressed bytes in the file (final once close() has returned).
  std::uint64_t bytes_written() const { return output_.bytes_written(); }

private:
  /// What the run handed over since the last batch: names first, then events.
  struct batch {
    bytes names;
    std::uint32_t name_count = 0;
    std::vector<sim::trace_event> events;
  };

  void submit_batch();

  // Declared before output_, so the output thread has finished with it when it goes.
  event_frame_encoder encoder_; ///< used by the output thread only
  frame_output output_;
  bool closed_ = false;
  batch batch_;
};

/// Encodes the header frame's content (also used by tests to forge traces).
bytes encode_header(const trace_header& header);

} // namespace detsim::replays
