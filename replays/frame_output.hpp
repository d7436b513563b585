// replays/frame_output.hpp: compresses trace frames into independent, checksummed zstd
// frames and appends them to the file on a thread of its own, in submission order, so
// that encoding and compression (about a fifth of a large run) overlap the simulation.
// The run itself stays on one thread; what crosses over is a frame's bytes or a job that
// makes them, and jobs run one after another in submission order.
#pragma once

#include "detsim/replays/byte_codec.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace detsim::replays {

class frame_output {
public:
  /// Opens `path` for writing; throws io_error.
  frame_output(const std::string& path, int zstd_level);
  /// Waits for queued frames (errors are dropped here; call finish() to see them).
  ~frame_output();

  frame_output(const frame_output&) = delete;
  frame_output& operator=(const frame_output&) = delete;

  /// Makes a frame's content on the output thread; an empty result writes nothing.
  using job = std::function<bytes()>;

  /// Queues one frame, or a job making one; waits while a few are already queued.
  /// Throws io_error if an earlier frame could not be made or written.
  void submit(bytes content);
  void submit(job make);
  /// Writes every queued frame and closes the file; throws io_error.
  void finish();

  std::uint64_t bytes_written() const { return bytes_written_; }

private:
  void drain();
  void write(const bytes& content);
  void stop_worker();

  std::string path_;
  std::FILE* file_ = nullptr;
  void* context_ = nullptr; // ZSTD_CCtx
  bytes compressed_;
  std::atomic<std::uint64_t> bytes_written_{0};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<job> queue_;
  bool stopping_ = false;
  std::exception_ptr failure_;
  std::thread worker_;
};

} // namespace detsim::replays
