// replays/trace_reader.cpp: frame decoding and validation.
#include "detsim/replays/trace_reader.hpp"

#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace detsim::replays {

namespace {

const std::string unknown_name = "?";
/// Bytes read from the file at a time.
constexpr std::size_t read_chunk = 1 << 16;
/// The longest zstd frame header (ZSTD_FRAMEHEADERSIZE_MAX, a static-only constant).
constexpr std::size_t frame_header_max = 18;
/// No frame the writer makes comes near this; a larger claim is corruption, refused
/// before anything is allocated for it.
constexpr std::uint64_t max_frame_content = 1ull << 30;

std::unique_ptr<std::istream> open_trace(const std::string& path) {
  // A directory, a device or a pipe is refused before any byte is read: /dev/zero
  // would otherwise be read forever.
  std::error_code error;
  auto status = std::filesystem::status(path, error);
  if (!error && status.type() != std::filesystem::file_type::regular)
    throw sim::input_error("cannot read trace '" + path + "': not a regular file");
  auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*in)
    throw sim::input_error("cannot read trace '" + path + "': " + std::strerror(errno));
  return in;
}

} // namespace

trace_reader::trace_reader(const std::string& path) : trace_reader(open_trace(path), path) {}

trace_reader trace_reader::from_bytes(std::string data, const std::string& origin) {
  return trace_reader(std::make_unique<std::istringstream>(std::move(data)), origin);
}

trace_reader::trace_reader(std::unique_ptr<std::istream> input, const std::string& origin)
  : path_(origin), input_(std::move(input)) {
  const unsigned char zstd_magic[] = {0x28, 0xB5, 0x2F, 0xFD};
  if (!buffer_at_least(4) ||
      std::memcmp(buffer_.data() + buffer_start_, zstd_magic, 4) != 0)
    fail("not a detsim trace (not zstd data)");
  try {
    read_header();
  } catch (const corrupt_record& e) {
    fail(std::string("corrupt header (") + e.what() + ")");
  }
}

void trace_reader::read_header() {
  auto content = read_frame();
  byte_reader in_header{content.data(), content.size()};
  if (content.size() < 12 || std::memcmp(content.data(), "DETSIMTR", 8) != 0)
    fail("not a detsim trace (bad magic)");
  in_header.slice(8);
  header_.format_version = in_header.u32();
  if (header_.format_version < 1 || header_.format_version > trace_format_version)
    fail("trace format version " + std::to_string(header_.format_version) +
         " is not supported (this build reads versions 1 to " +
         std::to_string(trace_format_version) + ")");
  header_.detsim_version = in_header.string();
  if (header_.format_version >= 2)
    header_.program = in_header.string();
  header_.run_rules = header_.format_version >= 3 ? in_header.u32() : 1;
  header_.scenario = in_header.string();
  auto count = in_header.varint();
  for (std::uint64_t i = 0; i < count; ++i) {
    auto key = in_header.string();
    header_.parameters[key] = in_header.string();
  }
  header_.seed = in_header.u64();
  header_.faults = in_header.string();
  header_.chaos = in_header.string();
  auto level = in_header.u8();
  if (level > static_cast<int>(sim::trace_level::payloads))
    fail("corrupt header (unknown trace level)");
  header_.level = static_cast<sim::trace_level>(level);
}

void trace_reader::fail(const std::string& what) const {
  throw sim::input_error("trace '" + path_ + "': " + what);
}

bool trace_reader::buffer_at_least(std::size_t count) {
  if (buffer_.size() - buffer_start_ >= count)
    return true;
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(buffer_start_));
  buffer_start_ = 0;
  while (buffer_.size() < count) {
    auto old = buffer_.size();
    auto want = std::max(read_chunk, count - old);
    buffer_.resize(old + want);
    input_->read(reinterpret_cast<char*>(buffer_.data() + old),
                 static_cast<std::streamsize>(want));
    buffer_.resize(old + static_cast<std::size_t>(input_->gcount()));
    if (input_->bad())
      throw io_error("cannot read trace '" + path_ + "': read error");
    if (buffer_.size() == old)
      return false;
  }
  return true;
}

bytes trace_reader::read_frame() {
  // The frame header says how large the content is, which bounds the compressed frame:
  // only that much is read, whatever the file's size.
  buffer_at_least(frame_header_max);
  auto available = buffer_.size() - buffer_start_;
  const auto* start = buffer_.data() + buffer_start_;
  auto content_size = ZSTD_getFrameContentSize(start, available);
  if (content_size == ZSTD_CONTENTSIZE_ERROR && available < frame_header_max)
    fail("truncated after " + std::to_string(position_) +
         " events (the last frame is incomplete: the run crashed or the file was cut)");
  if (content_size == ZSTD_CONTENTSIZE_ERROR || content_size == ZSTD_CONTENTSIZE_UNKNOWN ||
      content_size > max_frame_content)
    fail("corrupt frame at byte " + std::to_string(offset_));
  auto bound = ZSTD_compressBound(content_size) + frame_header_max;
  bool whole = buffer_at_least(bound);
  available = buffer_.size() - buffer_start_;
  start = buffer_.data() + buffer_start_;
  auto frame_size = ZSTD_findFrameCompressedSize(start, available);
  if (ZSTD_isError(frame_size)) {
    if (!whole)
      fail("truncated after " + std::to_string(position_) +
           " events (the last frame is incomplete: the run crashed or the file was cut)");
    fail("corrupt frame at byte " + std::to_string(offset_));
  }
  bytes content(content_size);
  auto size = ZSTD_decompress(content.data(), content.size(), start, frame_size);
  if (ZSTD_isError(size) || size != content_size)
    fail("corrupt frame at byte " + std::to_string(offset_) + " (" +
         (ZSTD_isError(size) ? ZSTD_getErrorName(size) : "size mismatch") + ")");
  offset_ += frame_size;
  buffer_start_ += frame_size;
  return content;
}

std::uint64_t trace_reader::bytes_left() {
  std::uint64_t left = buffer_.size() - buffer_start_;
  buffer_start_ = buffer_.size();
  while (input_->ignore(read_chunk))
    left += static_cast<std::uint64_t>(input_->gcount());
  return left + static_cast<std::uint64_t>(input_->gcount());
}

bool trace_reader::load_frame() {
  if (!buffer_at_least(1))
    fail("truncated after " + std::to_string(position_) +
         " events (no footer: the run crashed or the file was cut)");
  auto content = read_frame();
  byte_reader in{content.data(), content.size()};
  auto tag = in.u8();
  if (tag == 'F') {
    auto total = in.u64();
    footer_digest_ = in.u64();
    if (total != position_ || footer_digest_ != running_digest_)
      fail("corrupt footer (event count or digest does not match the events)");
    if (buffer_at_least(1))
      fail(std::to_string(bytes_left()) +
           " bytes after the footer (trailing data, or two traces joined)");
    return false;
  }
  if (tag != 'E')
    fail("corrupt frame (unknown frame tag)");
  auto name_count = in.varint();
  for (std::uint64_t i = 0; i < name_count; ++i) {
    bool is_type = in.u8() != 0;
    auto id = static_cast<std::uint32_t>(in.varint());
    (is_type ? types_ : nodes_)[id] = in.string();
  }
  auto count = in.varint();
  if (count > (1u << 20))
    fail("corrupt frame (implausible event count)");
  byte_reader steps = in.slice(in.varint());
  byte_reader times = in.slice(in.varint());
  byte_reader kinds = in.slice(in.varint());
  byte_reader sources = in.slice(in.varint());
  byte_reader targets = in.slice(in.varint());
  byte_reader types = in.slice(in.varint());
  byte_reader payloads = in.slice(in.varint());
  frame_digest_ = in.u64();
  if (count > kinds.remaining())
    fail("corrupt frame (more events than event kinds)");
  frame_events_.resize(count);
  auto level = header_.level;
  for (auto& e : frame_events_) {
    auto step_delta = steps.varint();
    if (step_delta > UINT64_MAX - last_step_)
      fail("corrupt frame (step number overflows)");
    last_step_ += step_delta;
    // Time deltas are stored modulo 2^64, as the writer subtracts; virtual time is never
    // negative.
    last_time_ = static_cast<std::int64_t>(static_cast<std::uint64_t>(last_time_) + times.varint());
    if (last_time_ < 0)
      fail("corrupt frame (negative time)");
    e.step = last_step_;
    e.time = sim::time_point{last_time_};
    auto kind = kinds.u8();
    if (kind >= sim::event_kind_count)
      fail("corrupt frame (unknown event kind)");
    e.kind = static_cast<sim::event_kind>(kind);
    e.target = static_cast<std::uint32_t>(targets.varint());
    e.source = 0;
    e.type = 0;
    if (level != sim::trace_level::schedule) {
      auto source = static_cast<std::uint32_t>(sources.varint());
      e.source = source == 0 ? e.target : source - 1;
      e.type = static_cast<std::uint32_t>(types.varint());
    }
    e.payload = level == sim::trace_level::payloads ? payloads.u64() : 0;
    running_digest_ = sim::digest_step(running_digest_, e);
  }
  if (running_digest_ != frame_digest_)
    fail("corrupt frame (digest mismatch)");
  frame_next_ = 0;
  return true;
}

bool trace_reader::next(sim::trace_event& event) {
  while (frame_next_ >= frame_events_.size()) {
    if (finished_)
      return false;
    frame_events_.clear();
    bool loaded = false;
    try {
      loaded = load_frame();
    } catch (const corrupt_record& e) {
      fail("corrupt frame after " + std::to_string(position_) + " events (" + e.what() + ")");
    }
    if (!loaded) {
      finished_ = true;
      return false;
    }
  }
  event = frame_events_[frame_next_++];
  ++position_;
  return true;
}

const std::string& trace_reader::node_name(std::uint32_t id) const {
  auto i = nodes_.find(id);
  return i == nodes_.end() ? unknown_name : i->second;
}

const std::string& trace_reader::type_name(std::uint32_t id) const {
  auto i = types_.find(id);
  return i == types_.end() ? unknown_name : i->second;
}

} // namespace detsim::replays
