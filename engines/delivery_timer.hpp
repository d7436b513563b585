// engines/delivery_timer.hpp: the realtime engine's network in flight: messages held back
// by the network model's latency, handed over on their own thread at their wall-clock
// arrival. Not CAF's clock: its deliveries would come back through the network model.
#pragma once

#include <caf/actor_control_block.hpp>
#include <caf/mailbox_element.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace detsim::engines {

class delivery_timer {
public:
  using clock = std::chrono::steady_clock;
  using deliver_function = std::function<void(caf::strong_actor_ptr&, caf::mailbox_element_ptr&)>;

  explicit delivery_timer(deliver_function deliver);
  ~delivery_timer();
  delivery_timer(const delivery_timer&) = delete;
  delivery_timer& operator=(const delivery_timer&) = delete;

  void schedule(clock::time_point due, caf::strong_actor_ptr target, caf::mailbox_element_ptr element);
  /// Stops the thread; what is still in flight is dropped.
  void stop();

private:
  struct entry {
    clock::time_point due;
    std::uint64_t order = 0; ///< equal arrival times keep the order they were sent in
    caf::strong_actor_ptr target;
    caf::mailbox_element_ptr element;
  };
  static bool later(const entry& a, const entry& b) {
    return a.due != b.due ? a.due > b.due : a.order > b.order;
  }
  void loop();

  deliver_function deliver_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<entry> heap_;
  std::uint64_t next_order_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

} // namespace detsim::engines
