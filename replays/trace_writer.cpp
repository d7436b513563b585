// replays/trace_writer.cpp: column buffers, frame encoding and zstd output.
#include "detsim/replays/trace_writer.hpp"


namespace detsim::replays {

namespace {

constexpr std::uint32_t events_per_frame = 1u << 16;
constexpr char header_magic[] = "DETSIMTR";

void put_column(bytes& frame, const bytes& column) {
  put_varint(frame, column.size());
  frame.insert(frame.end(), column.begin(), column.end());
}

} // namespace

bytes encode_header(const trace_header& header) {
  bytes out(header_magic, header_magic + 8);
  put_u32(out, header.format_version);
  put_string(out, header.detsim_version);
  put_string(out, header.program);
  put_string(out, header.scenario);
  put_varint(out, header.parameters.size());
  for (const auto& [key, value] : header.parameters) {
    put_string(out, key);
    put_string(out, value);
  }
  put_u64(out, header.seed);
  put_string(out, header.faults);
  put_string(out, header.chaos);
  out.push_back(static_cast<unsigned char>(header.level));
  return out;
}

trace_writer::trace_writer(const std::string& path, const trace_header& header, int zstd_level)
  : output_(path, zstd_level), trace_level_(header.level) {
  output_.submit(encode_header(header));
}

void trace_writer::on_name(bool is_type, std::uint32_t id, const std::string& name) {
  names_.push_back(is_type ? 1 : 0);
  put_varint(names_, id);
  put_string(names_, name);
  ++name_count_;
}

void trace_writer::on_event(const sim::trace_event& event) {
  put_varint(steps_, event.step - last_step_);
  put_varint(times_, static_cast<std::uint64_t>(event.time.count() - last_time_));
  last_step_ = event.step;
  last_time_ = event.time.count();
  kinds_.push_back(static_cast<unsigned char>(event.kind));
  put_varint(targets_, event.target);
  if (trace_level_ != sim::trace_level::schedule) {
    // Most sources equal the target (timers) or were seen as a target just before.
    put_varint(sources_, event.source == event.target ? 0 : event.source + 1u);
    put_varint(types_, event.type);
  }
  if (trace_level_ == sim::trace_level::payloads)
    put_u64(payloads_, event.payload);
  digest_ = sim::digest_step(digest_, event);
  ++events_;
  if (++frame_events_ == events_per_frame)
    flush_frame();
}

void trace_writer::flush_frame() {
  if (frame_events_ == 0 && name_count_ == 0)
    return;
  frame_.clear();
  frame_.push_back('E');
  put_varint(frame_, name_count_);
  frame_.insert(frame_.end(), names_.begin(), names_.end());
  put_varint(frame_, frame_events_);
  for (auto* column : {&steps_, &times_, &kinds_, &sources_, &targets_, &types_, &payloads_}) {
    put_column(frame_, *column);
    column->clear();
  }
  put_u64(frame_, digest_);
  output_.submit(std::move(frame_));
  frame_ = bytes{};
  names_.clear();
  name_count_ = 0;
  frame_events_ = 0;
}

void trace_writer::close() {
  if (closed_)
    return;
  closed_ = true;
  flush_frame();
  bytes footer{'F'};
  put_u64(footer, events_);
  put_u64(footer, digest_);
  output_.submit(std::move(footer));
  output_.finish();
}

} // namespace detsim::replays
