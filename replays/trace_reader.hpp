// replays/trace_reader.hpp: reads a trace frame by frame. Every way a file can be bad
// (missing, not a trace, other version, corrupt frame, cut short) is a one-line
// sim::input_error naming the file and the problem.
#pragma once

#include "detsim/replays/byte_codec.hpp"
#include "detsim/replays/trace_header.hpp"

#include <map>
#include <string>

namespace detsim::replays {

class trace_reader {
public:
  /// Opens the file and reads its header; throws input_error or io_error.
  explicit trace_reader(const std::string& path);

  const trace_header& header() const { return header_; }

  /// The next event; false after the last one. Throws input_error on a corrupt or
  /// truncated file (after yielding every event of the intact frames).
  bool next(sim::trace_event& event);

  /// Events read so far.
  std::uint64_t position() const { return position_; }
  /// The footer's digest (valid once next() returned false).
  std::uint64_t final_digest() const { return footer_digest_; }

  const std::string& node_name(std::uint32_t id) const;
  const std::string& type_name(std::uint32_t id) const;

private:
  bytes read_frame();
  bool load_frame();
  [[noreturn]] void fail(const std::string& what) const;

  std::string path_;
  bytes file_;
  std::size_t offset_ = 0;
  trace_header header_;
  std::map<std::uint32_t, std::string> nodes_;
  std::map<std::uint32_t, std::string> types_;
  // The current frame's decoded columns.
  std::vector<sim::trace_event> frame_events_;
  std::size_t frame_next_ = 0;
  std::uint64_t frame_digest_ = 0;
  std::uint64_t running_digest_ = sim::digest_seed;
  std::uint64_t last_step_ = 0;
  std::int64_t last_time_ = 0;
  std::uint64_t position_ = 0;
  std::uint64_t footer_digest_ = 0;
  bool finished_ = false;
};

} // namespace detsim::replays
