// bench/realtime_ring.cpp: the token ring under the realtime engine against the same ring
// of plain CAF actors on CAF's work-stealing scheduler, both on the same thread count:
// what the realtime engine's network model, handler lock and interception cost.
#include "ring.hpp"

#include "detsim/engines/realtime_engine.hpp"

#include <caf/all.hpp>

#include <atomic>
#include <chrono>
#include <thread>

using namespace detsim;

namespace bench {

namespace {

constexpr std::uint32_t tokens = 100;

/// Forwards tokens until the shared budget is spent; counts deliveries.
class counted_ring_actor final : public runtime::node_actor {
public:
  counted_ring_actor(caf::actor_config& cfg, runtime::world& w, sim::node_id node, sim::node_id next,
                     std::atomic<std::int64_t>* budget)
    : runtime::node_actor(cfg, w, node), next_(next), budget_(budget) {}

  caf::behavior make_behavior() override {
    if (node() < tokens && budget_->fetch_sub(1) > 0)
      send(world_ref().lookup(next_), std::uint64_t{node()});
    return {[this](std::uint64_t token) {
      if (budget_->fetch_sub(1) > 0)
        send(world_ref().lookup(next_), token);
    }};
  }

private:
  sim::node_id next_;
  std::atomic<std::int64_t>* budget_;
};

/// Waits until `budget` is spent (checking every 100 us), then returns the seconds taken.
double wait_until_spent(const std::atomic<std::int64_t>& budget,
                        std::chrono::steady_clock::time_point start) {
  while (budget.load() > 0)
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

ring_result run_realtime_ring(std::uint32_t actors, std::uint64_t messages, std::size_t threads,
                              bool serialized) {
  // Declared before the engine: its actors may run until the engine's teardown ends.
  std::atomic<std::int64_t> budget{static_cast<std::int64_t>(messages)};
  engines::realtime_options options;
  options.length = std::chrono::hours(1);
  options.threads = threads;
  options.serialize_handlers = serialized; // the ring's actors share only an atomic budget
  engines::realtime_engine engine{options, [](caf::actor_system_config&) {}};
  engine.network().set_default_link({sim::duration{0}, sim::duration{0}});
  for (std::uint32_t i = 0; i < actors; ++i)
    engine.add_node("ring-" + std::to_string(i), [&budget, i, actors](runtime::world& w, sim::node_id id) {
      return w.system().spawn<counted_ring_actor>(std::ref(w), id, (i + 1) % actors, &budget);
    });
  for (std::uint32_t i = 0; i < actors; ++i)
    engine.start_node(i);
  auto start = std::chrono::steady_clock::now();
  double seconds = 0;
  std::thread watcher([&] {
    seconds = wait_until_spent(budget, start);
    engine.request_stop();
  });
  engine.run();
  watcher.join();
  return {messages, seconds};
}

ring_result run_stealing_ring(std::uint32_t actors, std::uint64_t messages, std::size_t threads) {
  caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", threads);
  caf::actor_system sys{cfg};
  sys.await_actors_before_shutdown(false);
  std::atomic<std::int64_t> budget{static_cast<std::int64_t>(messages)};
  std::vector<caf::actor> ring(actors);
  for (std::uint32_t i = actors; i-- > 0;)
    ring[i] = sys.spawn([&budget, &ring, i, actors](caf::event_based_actor* self) {
      return caf::behavior{[self, &budget, &ring, i, actors](std::uint64_t token) {
        if (budget.fetch_sub(1) > 0)
          self->send(ring[(i + 1) % actors], token);
      }};
    });
  auto start = std::chrono::steady_clock::now();
  for (std::uint32_t t = 0; t < tokens; ++t)
    if (budget.fetch_sub(1) > 0)
      caf::anon_send(ring[(t + 1) % actors], std::uint64_t{t});
  auto seconds = wait_until_spent(budget, start);
  // The actors read `budget` and `ring`, which go with this frame: every actor must be
  // done first (tokens still in flight kept workers running into a freed `ring`: a crash).
  for (auto& a : ring)
    caf::anon_send_exit(a, caf::exit_reason::kill);
  sys.await_all_actors_done();
  return {messages, seconds};
}

} // namespace bench
