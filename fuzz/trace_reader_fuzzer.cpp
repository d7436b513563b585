// fuzz/trace_reader_fuzzer.cpp: any bytes given to `detsim replay` are a trace whose
// events all read, or one input_error (after the intact frames' events). The mutator
// works inside the zstd frames, so the search reaches the header and column decoding
// instead of stopping at zstd's checks.
#include "fuzz_support.hpp"

#include "detsim/replays/event_format.hpp"
#include "detsim/replays/trace_reader.hpp"
#include "detsim/sim/fault_plan.hpp"

#include <zstd.h>

#include <cstring>
#include <vector>

using namespace detsim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    auto reader = replays::trace_reader::from_bytes(fuzz::as_text(data, size), "fuzz");
    // A replay rebuilds the run from the header: its plan must parse or be refused.
    sim::fault_plan::parse(reader.header().faults, "trace header");
    auto node = [&](std::uint32_t id) -> const std::string& { return reader.node_name(id); };
    auto type = [&](std::uint32_t id) -> const std::string& { return reader.type_name(id); };
    sim::trace_event event;
    std::uint64_t previous_step = 0;
    while (reader.next(event)) {
      fuzz::require(reader.position() == 1 || event.step >= previous_step,
                    "steps go backwards at event " + std::to_string(reader.position()));
      previous_step = event.step;
      replays::format_event(reader.position(), event, node, type);
      replays::format_event_json(reader.position(), event, node, type);
    }
  } catch (const sim::input_error&) {
  }
  return 0;
}

#ifdef DETSIM_LIBFUZZER
extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

namespace {

struct frame {
  std::vector<std::uint8_t> compressed;
};

/// The input's zstd frames, or nothing when it is not a sequence of whole frames.
std::vector<frame> split_frames(const std::uint8_t* data, std::size_t size) {
  std::vector<frame> frames;
  while (size > 0) {
    auto length = ZSTD_findFrameCompressedSize(data, size);
    if (ZSTD_isError(length))
      return {};
    frames.push_back({{data, data + length}});
    data += length;
    size -= length;
  }
  return frames;
}

} // namespace

/// Mutates the decompressed content of one frame (chosen by the seed) and compresses it
/// again; inputs that are not whole frames get libFuzzer's own byte mutations.
extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size,
                                               std::size_t max_size, unsigned int seed) {
  auto frames = split_frames(data, size);
  if (frames.empty() || seed % 8 == 0)
    return LLVMFuzzerMutate(data, size, max_size);
  auto& chosen = frames[seed % frames.size()];
  auto content_size = ZSTD_getFrameContentSize(chosen.compressed.data(), chosen.compressed.size());
  if (content_size == ZSTD_CONTENTSIZE_ERROR || content_size == ZSTD_CONTENTSIZE_UNKNOWN ||
      content_size > (1u << 22))
    return LLVMFuzzerMutate(data, size, max_size);
  std::vector<std::uint8_t> content(content_size + content_size / 4 + 64);
  auto got = ZSTD_decompress(content.data(), content.size(), chosen.compressed.data(),
                             chosen.compressed.size());
  if (ZSTD_isError(got))
    return LLVMFuzzerMutate(data, size, max_size);
  got = LLVMFuzzerMutate(content.data(), got, content.size());
  chosen.compressed.resize(ZSTD_compressBound(got));
  auto packed = ZSTD_compress(chosen.compressed.data(), chosen.compressed.size(), content.data(),
                              got, 1);
  if (ZSTD_isError(packed))
    return LLVMFuzzerMutate(data, size, max_size);
  chosen.compressed.resize(packed);
  std::size_t total = 0;
  for (const auto& f : frames)
    total += f.compressed.size();
  if (total > max_size)
    return LLVMFuzzerMutate(data, size, max_size);
  for (const auto& f : frames) {
    std::memcpy(data, f.compressed.data(), f.compressed.size());
    data += f.compressed.size();
  }
  return total;
}
#endif
