// engines/window_crew.hpp: the threads of a split run. Each window, every group's work
// runs at once, one thread per group (the calling thread takes group 0), and the call
// returns when all are done; the threads wait between windows. What they compute does
// not depend on which thread ran first: that is the split run's merge's business.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace detsim::engines {

/// A counter threads wait on: they spin for a few microseconds (a window is tens of
/// them), then sleep, so a thread the machine took away from its core is not waited
/// for by spinning.
class spin_gate {
public:
  std::uint64_t value() const { return value_.load(std::memory_order_seq_cst); }
  void add(std::uint64_t n);
  /// Returns once done(value()) holds.
  template <class Done>
  void wait(Done done);

private:
  std::atomic<std::uint64_t> value_{0};
  std::atomic<int> sleepers_{0};
  std::mutex mutex_;
  std::condition_variable woken_;
};

class window_crew {
public:
  /// `groups` - 1 threads, idle until run().
  explicit window_crew(std::size_t groups);
  ~window_crew();

  window_crew(const window_crew&) = delete;
  window_crew& operator=(const window_crew&) = delete;

  /// Runs work(g) for every group g at once; rethrows the first group's exception.
  void run(const std::function<void(std::size_t)>& work);

private:
  void serve(std::size_t group);

  std::vector<std::thread> threads_;
  const std::function<void(std::size_t)>* work_ = nullptr;
  spin_gate started_;  ///< windows started
  spin_gate finished_; ///< threads done with their window, over all windows
  std::atomic<bool> stopping_{false};
  std::vector<std::exception_ptr> failures_;
};

} // namespace detsim::engines
