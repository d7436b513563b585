// replays/trace_reader.hpp: reads a trace frame by frame, holding one frame in memory (not
// the file). Every way a file can be bad (missing, not a trace, other version, corrupt
// frame, cut short, bytes after the end) is a one-line sim::input_error naming the file
// and the problem.
#pragma once

#include "detsim/replays/byte_codec.hpp"
#include "detsim/replays/trace_header.hpp"

#include <istream>
#include <map>
#include <memory>
#include <string>

namespace detsim::replays {

class trace_reader {
public:
  /// Opens the file and reads its header; throws input_error or io_error.
  explicit trace_reader(const std::string& path);
  /// Reads a trace held in memory; errors name `origin` as they would a path.
  static trace_reader from_bytes(std::string data, const std::string& origin);

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
  trace_reader(std::unique_ptr<std::istream> input, const std::string& origin);
  void read_header();
  /// Makes `count` unread bytes available in the buffer; false if the input ends first.
  bool buffer_at_least(std::size_t count);
  bytes read_frame();
  /// Counts (and consumes) every byte not read yet.
  std::uint64_t bytes_left();
  bool load_frame();
  [[noreturn]] void fail(const std::string& what) const;

  std::string path_;
  std::unique_ptr<std::istream> input_;
  bytes buffer_;                 ///< bytes read but not consumed start at buffer_start_
  std::size_t buffer_start_ = 0;
  std::uint64_t offset_ = 0;     ///< file offset of the next unconsumed byte
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
