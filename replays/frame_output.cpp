// replays/frame_output.cpp: the writer thread and its bounded queue.
#include "detsim/replays/frame_output.hpp"

#include "detsim/replays/trace_header.hpp"

#include <zstd.h>

#include <cerrno>
#include <cstring>

namespace detsim::replays {

namespace {

// Enough to keep the writer busy (a trace writer's job is a quarter frame); a run that
// dies of a signal loses at most these.
constexpr std::size_t max_queued_frames = 4;

} // namespace

frame_output::frame_output(const std::string& path, int zstd_level) : path_(path) {
  file_ = std::fopen(path.c_str(), "wb");
  if (!file_)
    throw io_error("cannot write trace '" + path + "': " + std::strerror(errno));
  context_ = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(static_cast<ZSTD_CCtx*>(context_), ZSTD_c_compressionLevel,
                         zstd_level);
  ZSTD_CCtx_setParameter(static_cast<ZSTD_CCtx*>(context_), ZSTD_c_checksumFlag, 1);
  worker_ = std::thread([this] { drain(); });
}

frame_output::~frame_output() {
  stop_worker();
  if (file_)
    std::fclose(file_);
  ZSTD_freeCCtx(static_cast<ZSTD_CCtx*>(context_));
}

void frame_output::submit(bytes content) {
  submit([content = std::move(content)]() mutable { return std::move(content); });
}

void frame_output::submit(job make) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return queue_.size() < max_queued_frames || failure_; });
  if (failure_)
    std::rethrow_exception(failure_);
  queue_.push_back(std::move(make));
  changed_.notify_all();
}

void frame_output::finish() {
  stop_worker();
  if (failure_)
    std::rethrow_exception(failure_);
  auto* file = file_;
  file_ = nullptr;
  if (file && std::fclose(file) != 0)
    throw io_error("cannot close trace '" + path_ + "': " + std::strerror(errno));
}

void frame_output::stop_worker() {
  if (!worker_.joinable())
    return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

void frame_output::drain() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return !queue_.empty() || stopping_; });
    if (queue_.empty())
      return; // stopping, and everything is written
    job make = std::move(queue_.front());
    lock.unlock();
    std::exception_ptr failure;
    try {
      if (auto content = make(); !content.empty())
        write(content);
    } catch (...) {
      failure = std::current_exception();
    }
    lock.lock();
    queue_.pop_front();
    if (failure) {
      failure_ = failure;
      queue_.clear(); // later frames would leave a gap: drop them
    }
    changed_.notify_all();
  }
}

void frame_output::write(const bytes& content) {
  auto* cctx = static_cast<ZSTD_CCtx*>(context_);
  compressed_.resize(ZSTD_compressBound(content.size()));
  ZSTD_CCtx_setPledgedSrcSize(cctx, content.size());
  auto size = ZSTD_compress2(cctx, compressed_.data(), compressed_.size(), content.data(),
                             content.size());
  if (ZSTD_isError(size))
    throw io_error("trace '" + path_ + "': zstd failed: " + ZSTD_getErrorName(size));
  if (std::fwrite(compressed_.data(), 1, size, file_) != size || std::fflush(file_) != 0)
    throw io_error("cannot write trace '" + path_ + "': " + std::strerror(errno));
  bytes_written_ += size;
}

} // namespace detsim::replays
