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

window_crew::window_crew(std::size_t threads, std::size_t groups)
  : thread_count_(threads),
    group_count_(groups),
    claims_(new claim[groups]),
    failures_(groups) {
  for (std::size_t t = 1; t < threads; ++t)
    threads_.emplace_back([this, t] { serve(t); });
}

window_crew::~window_crew() {
  stopping_.store(true, std::memory_order_seq_cst);
  started_.add(1);
  for (auto& t : threads_)
    t.join();
}

void window_crew::run(const std::function<void(std::size_t)>& work) {
  work_ = &work;
  for (std::size_t g = 0; g < group_count_; ++g)
    claims_[g].taken.store(false, std::memory_order_relaxed);
  const auto target = finished_.value() + threads_.size();
  started_.add(1); // publishes work_ and the cleared claims to the threads
  take_groups(0);
  finished_.wait([target](std::uint64_t done) { return done >= target; });
  std::exception_ptr first;
  for (auto& failure : failures_)
    if (failure && !first)
      first = failure;
  std::fill(failures_.begin(), failures_.end(), nullptr);
  if (first)
    std::rethrow_exception(first);
}

void window_crew::take_groups(std::size_t thread) {
  for (auto g = thread; g < group_count_; g += thread_count_)
    if (!claims_[g].taken.exchange(true, std::memory_order_acq_rel))
      run_group(g);
  // Others' groups from the end: their owners take them from the start.
  for (auto g = group_count_; g-- > 0;)
    if (!claims_[g].taken.exchange(true, std::memory_order_acq_rel))
      run_group(g);
}

void window_crew::run_group(std::size_t group) {
  try {
    (*work_)(group);
  } catch (...) {
    failures_[group] = std::current_exception();
  }
}

void window_crew::serve(std::size_t thread) {
  std::uint64_t seen = 0;
  for (;;) {
    started_.wait([seen](std::uint64_t started) { return started != seen; });
    seen = started_.value();
    if (stopping_.load(std::memory_order_seq_cst))
      return;
    take_groups(thread);
    finished_.add(1);
  }
}

} // namespace detsim::engines
