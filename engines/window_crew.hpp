// engines/window_crew.hpp: the threads of a split run. Each window, every group's work
// runs once, the groups spread over the threads (the calling thread is one of them), and
// the call returns when all are done; the threads wait between windows. A thread first
// runs its own groups, then any another thread has not started: a thread the machine
// slows takes fewer groups instead of holding every window up. What the groups compute
// does not depend on which thread ran them or in what order: that is the merge's business.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
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
  /// `threads` - 1 threads (2 to `groups`), idle until run(); thread t owns the groups
  /// g with g % threads == t.
  window_crew(std::size_t threads, std::size_t groups);
  ~window_crew();

  window_crew(const window_crew&) = delete;
  window_crew& operator=(const window_crew&) = delete;

  /// Runs work(g) once for every group g; rethrows the exception of the first group (by
  /// index) that threw.
  void run(const std::function<void(std::size_t)>& work);

private:
  void serve(std::size_t thread);
  /// The thread's own groups, then any group no thread has taken yet.
  void take_groups(std::size_t thread);
  void run_group(std::size_t group);

  struct alignas(64) claim {
    std::atomic<bool> taken{false};
  };

  const std::size_t thread_count_;
  const std::size_t group_count_;
  std::vector<std::thread> threads_;
  std::unique_ptr<claim[]> claims_; ///< which groups a thread took this window
  const std::function<void(std::size_t)>* work_ = nullptr;
  spin_gate started_;  ///< windows started
  spin_gate finished_; ///< threads done with their window, over all windows
  std::atomic<bool> stopping_{false};
  std::vector<std::exception_ptr> failures_; ///< by group
};

} // namespace detsim::engines
