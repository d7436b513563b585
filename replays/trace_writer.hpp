// replays/trace_writer.hpp: writes a trace as a stream of independent, checksummed zstd
// frames: a header frame, event frames of up to 64 Ki events stored column by column
// (delta-coded step and time, then kinds, sources, targets, types, payloads) and a
// footer with the event count and digest. A crash leaves a file readable up to its last
// complete frame.
#pragma once

#include "detsim/replays/byte_codec.hpp"
#include "detsim/replays/frame_output.hpp"
#include "detsim/replays/trace_header.hpp"

#include <string>

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
  void flush_frame();

  frame_output output_;
  bool closed_ = false;
  sim::trace_level trace_level_;
  bytes frame_;
  bytes names_;
  std::uint32_t name_count_ = 0;
  bytes steps_, times_, kinds_, sources_, targets_, types_, payloads_;
  std::uint32_t frame_events_ = 0;
  std::uint64_t last_step_ = 0;
  std::int64_t last_time_ = 0;
  std::uint64_t digest_ = sim::digest_seed;
  std::uint64_t events_ = 0;
};

/// Encodes the header frame's content (also used by tests to forge traces).
bytes encode_header(const trace_header& header);

} // namespace detsim::replays
