// replays/trace_writer.cpp: column buffers, frame encoding and zstd output.
#include "detsim/replays/trace_writer.hpp"


namespace detsim::replays {

namespace {

// A quarter frame: small enough that the batches in flight stay a few MB, large enough
// that handing one over is rare.
constexpr std::size_t events_per_batch = events_per_frame / 4;
static_assert(events_per_frame % events_per_batch == 0, "a frame ends at a batch's end");
constexpr char header_magic[] = "DETSIMTR";

} // namespace

bytes encode_header(const trace_header& header) {
  bytes out(header_magic, header_magic + 8);
  put_u32(out, header.format_version);
  put_string(out, header.detsim_version);
  put_string(out, header.program);
  put_u32(out, header.run_rules);
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
  : encoder_(header.level), output_(path, zstd_level) {
  output_.submit(encode_header(header));
  batch_.events.reserve(events_per_batch);
}

void trace_writer::on_name(bool is_type, std::uint32_t id, const std::string& name) {
  batch_.names.push_back(is_type ? 1 : 0);
  put_varint(batch_.names, id);
  put_string(batch_.names, name);
  ++batch_.name_count;
}

void trace_writer::on_event(const sim::trace_event& event) {
  batch_.events.push_back(event);
  if (batch_.events.size() == events_per_batch)
    submit_batch();
}

void trace_writer::submit_batch() {
  if (batch_.events.empty() && batch_.name_count == 0)
    return;
  output_.submit([this, work = std::move(batch_)] {
    encoder_.add_names(work.names, work.name_count);
    for (const auto& event : work.events)
      encoder_.add(event);
    return encoder_.frame_full() ? encoder_.take_frame() : bytes{};
  });
  batch_ = batch{};
  batch_.events.reserve(events_per_batch);
}

void trace_writer::close() {
  if (closed_)
    return;
  closed_ = true;
  submit_batch();
  output_.submit([this] { return encoder_.take_frame(); }); // the last, partial frame
  output_.submit([this] {
    bytes footer{'F'};
    put_u64(footer, encoder_.events());
    put_u64(footer, encoder_.digest());
    return footer;
  });
  output_.finish();
}

} // namespace detsim::replays
