// replays/event_frame_encoder.cpp: column encoding of event frames.
#include "detsim/replays/event_frame_encoder.hpp"

namespace detsim::replays {

namespace {

void put_column(bytes& frame, const bytes& column) {
  put_varint(frame, column.size());
  frame.insert(frame.end(), column.begin(), column.end());
}

} // namespace

void event_frame_encoder::add_names(const bytes& encoded, std::uint32_t count) {
  names_.insert(names_.end(), encoded.begin(), encoded.end());
  name_count_ += count;
}

void event_frame_encoder::add(const sim::trace_event& event) {
  put_varint(steps_, event.step - last_step_);
  put_varint(times_, static_cast<std::uint64_t>(event.time.count() - last_time_));
  last_step_ = event.step;
  last_time_ = event.time.count();
  kinds_.push_back(static_cast<unsigned char>(event.kind));
  put_varint(targets_, event.target);
  if (level_ != sim::trace_level::schedule) {
    // Most sources equal the target (timers) or were seen as a target just before.
    put_varint(sources_, event.source == event.target ? 0 : event.source + 1u);
    put_varint(types_, event.type);
  }
  if (level_ == sim::trace_level::payloads)
    put_u64(payloads_, event.payload);
  digest_ = sim::digest_step(digest_, event);
  ++events_;
  ++frame_events_;
}

bytes event_frame_encoder::take_frame() {
  bytes frame;
  if (frame_events_ == 0 && name_count_ == 0)
    return frame;
  frame.push_back('E');
  put_varint(frame, name_count_);
  frame.insert(frame.end(), names_.begin(), names_.end());
  put_varint(frame, frame_events_);
  for (auto* column : {&steps_, &times_, &kinds_, &sources_, &targets_, &types_, &payloads_}) {
    put_column(frame, *column);
    column->clear();
  }
  put_u64(frame, digest_);
  names_.clear();
  name_count_ = 0;
  frame_events_ = 0;
  return frame;
}

} // namespace detsim::replays
