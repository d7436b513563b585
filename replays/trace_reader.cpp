// replays/trace_reader.cpp: frame decoding and validation.
#include "detsim/replays/trace_reader.hpp"

#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace detsim::replays {

namespace {

const std::string unknown_name = "?";

} // namespace

trace_reader::trace_reader(const std::string& path) : path_(path) {
  // A directory, a device or a pipe is refused before any byte is read: /dev/zero
  // would otherwise be read until memory runs out.
  std::error_code error;
  auto status = std::filesystem::status(path, error);
  if (!error && status.type() != std::filesystem::file_type::regular)
    throw sim::input_error("cannot read trace '" + path + "': not a regular file");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw sim::input_error("cannot read trace '" + path + "': " + std::strerror(errno));
  file_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad())
    throw io_error("cannot read trace '" + path + "': read error");
  const unsigned char zstd_magic[] = {0x28, 0xB5, 0x2F, 0xFD};
  if (file_.size() < 4 || std::memcmp(file_.data(), zstd_magic, 4) != 0)
    fail("not a detsim trace (not zstd data)");
  auto content = read_frame();
  byte_reader in_header{content.data(), content.size()};
  if (content.size() < 12 || std::memcmp(content.data(), "DETSIMTR", 8) != 0)
    fail("not a detsim trace (bad magic)");
  in_header.slice(8);
  header_.format_version = in_header.u32();
  if (header_.format_version != trace_format_version && header_.format_version != 1)
    fail("trace format version " + std::to_string(header_.format_version) +
         " is not supported (this build reads version " +
         std::to_string(trace_format_version) + ")");
  header_.detsim_version = in_header.string();
  if (header_.format_version >= 2)
    header_.program = in_header.string();
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

bytes trace_reader::read_frame() {
  const auto* start = file_.data() + offset_;
  auto available = file_.size() - offset_;
  auto frame_size = ZSTD_findFrameCompressedSize(start, available);
  if (ZSTD_isError(frame_size))
    fail("truncated after " + std::to_string(position_) +
         " events (the last frame is incomplete: the run crashed or the file was cut)");
  auto content_size = ZSTD_getFrameContentSize(start, frame_size);
  if (content_size == ZSTD_CONTENTSIZE_ERROR || content_size == ZSTD_CONTENTSIZE_UNKNOWN ||
      content_size > (1ull << 30))
    fail("corrupt frame at byte " + std::to_string(offset_));
  bytes content(content_size);
  auto size = ZSTD_decompress(content.data(), content.size(), start, frame_size);
  if (ZSTD_isError(size) || size != content_size)
    fail("corrupt frame at byte " + std::to_string(offset_) + " (" +
         (ZSTD_isError(size) ? ZSTD_getErrorName(size) : "size mismatch") + ")");
  offset_ += frame_size;
  return content;
}

bool trace_reader::load_frame() {
  if (offset_ >= file_.size())
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
    if (offset_ != file_.size())
      fail(std::to_string(file_.size() - offset_) +
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
  frame_events_.resize(count);
  auto level = header_.level;
  for (auto& e : frame_events_) {
    last_step_ += steps.varint();
    last_time_ += static_cast<std::int64_t>(times.varint());
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
    if (!load_frame()) {
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
