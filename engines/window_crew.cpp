// engines/window_crew.cpp: start, finish and stop a window on every thread.
#include "detsim/engines/window_crew.hpp"

#include <algorithm>

namespace detsim::engines {

void spin_gate::add(std::uint64_t n) {
  value_.fetch_add(n, std::memory_order_seq_cst);
  // A waiter counts itself a sleeper before it checks the value under the lock: either it
  // sees this value, or this sees it asleep.
  if (sleepers_.load(std::memory_order_seq_cst) > 0) {
    std::lock_guard<std::mutex> lock(mutex_);
    woken_.notify_all();
  }
}

template <class Done>
void spin_gate::wait(Done done) {
  for (int spins = 0; spins < 2000; ++spins) {
    if (done(value()))
      return;
    __builtin_ia32_pause();
  }
  std::unique_lock<std::mutex> lock(mutex_);
  sleepers_.fetch_add(1, std::memory_order_seq_cst);
  woken_.wait(lock, [&] { return done(value()); });
  sleepers_.fetch_sub(1, std::memory_order_seq_cst);
}

window_crew::window_crew(std::size_t groups) : failures_(groups) {
  for (std::size_t g = 1; g < groups; ++g)
    threads_.emplace_back([this, g] { serve(g); });
}

window_crew::~window_crew() {
  stopping_.store(true, std::memory_order_seq_cst);
  started_.add(1);
  for (auto& t : threads_)
    t.join();
}

void window_crew::run(const std::function<void(std::size_t)>& work) {
  work_ = &work;
  const auto target = finished_.value() + threads_.size();
  started_.add(1); // publishes work_ to the threads
  try {
    work(0);
  } catch (...) {
    failures_[0] = std::current_exception();
  }
  finished_.wait([target](std::uint64_t done) { return done >= target; });
  std::exception_ptr first;
  for (auto& failure : failures_)
    if (failure && !first)
      first = failure;
  std::fill(failures_.begin(), failures_.end(), nullptr);
  if (first)
    std::rethrow_exception(first);
}

void window_crew::serve(std::size_t group) {
  std::uint64_t seen = 0;
  for (;;) {
    started_.wait([seen](std::uint64_t started) { return started != seen; });
    seen = started_.value();
    if (stopping_.load(std::memory_order_seq_cst))
      return;
    try {
      (*work_)(group);
    } catch (...) {
      failures_[group] = std::current_exception();
    }
    finished_.add(1);
  }
}

} // namespace detsim::engines
