// engines/delivery_timer.cpp: a heap of arrivals and the thread that waits for them.
#include "detsim/engines/delivery_timer.hpp"

#include <algorithm>

namespace detsim::engines {

delivery_timer::delivery_timer(deliver_function deliver)
  : deliver_(std::move(deliver)), thread_([this] { loop(); }) {}

delivery_timer::~delivery_timer() {
  stop();
}

void delivery_timer::schedule(clock::time_point due, caf::strong_actor_ptr target,
                              caf::mailbox_element_ptr element) {
  {
    std::lock_guard<std::mutex> guard{mutex_};
    if (stopping_)
      return;
    heap_.push_back({due, next_order_++, std::move(target), std::move(element)});
    std::push_heap(heap_.begin(), heap_.end(), later);
  }
  wake_.notify_one();
}

void delivery_timer::stop() {
  {
    std::lock_guard<std::mutex> guard{mutex_};
    if (stopping_ && !thread_.joinable())
      return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable())
    thread_.join();
  std::lock_guard<std::mutex> guard{mutex_};
  heap_.clear();
}

void delivery_timer::loop() {
  std::vector<entry> due;
  std::unique_lock<std::mutex> lock{mutex_};
  while (!stopping_) {
    if (heap_.empty()) {
      wake_.wait(lock);
      continue;
    }
    // A copy: while this thread waits, a schedule() may grow the heap and move its entries.
    auto next = heap_.front().due;
    if (next > clock::now()) {
      wake_.wait_until(lock, next);
      continue;
    }
    auto now = clock::now();
    while (!heap_.empty() && heap_.front().due <= now) {
      std::pop_heap(heap_.begin(), heap_.end(), later);
      due.push_back(std::move(heap_.back()));
      heap_.pop_back();
    }
    // Hand over outside the lock: a delivery may make an actor send (and schedule) more.
    lock.unlock();
    for (auto& e : due)
      deliver_(e.target, e.element);
    due.clear();
    lock.lock();
  }
}

} // namespace detsim::engines
