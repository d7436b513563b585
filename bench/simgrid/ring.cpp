// bench/simgrid/ring.cpp: the token ring as s4u actors on eager mailboxes.
#include "workloads.hpp"

#include <simgrid/s4u.hpp>

#include <vector>

namespace bench::simgrid_side {

namespace {

constexpr std::uint32_t tokens = 100; // as in detsim's ring

} // namespace

result run_ring(std::uint32_t actors, std::uint64_t messages) {
  namespace s4u = simgrid::s4u;
  auto hosts = make_platform(actors, 0.0, 1e12);
  std::vector<s4u::Mailbox*> boxes;
  for (std::uint32_t i = 0; i < actors; ++i)
    boxes.push_back(s4u::Mailbox::by_name("ring-" + std::to_string(i)));
  std::uint64_t budget = messages;
  std::uint64_t delivered = 0;
  std::uint32_t retired = 0; // tokens that met an empty budget
  static int token = 0;      // what travels is its arrival, not a value
  auto done = s4u::Semaphore::create(0);
  for (std::uint32_t i = 0; i < actors; ++i) {
    auto* next = boxes[(i + 1) % actors];
    s4u::Actor::create("ring-" + std::to_string(i), hosts[i], [&, i, next] {
      s4u::Actor::self()->daemonize();
      boxes[i]->set_receiver(s4u::Actor::self());
      if (i < tokens && budget > 0) {
        --budget;
        next->put_init(&token, 0)->detach();
      }
      for (;;) {
        boxes[i]->get<int>();
        ++delivered;
        if (budget == 0) {
          if (++retired == tokens)
            done->release();
          continue;
        }
        --budget;
        next->put_init(&token, 0)->detach();
      }
    });
  }
  s4u::Actor::create("end", hosts[0], [done] { done->acquire(); });
  auto start = std::chrono::steady_clock::now();
  s4u::Engine::get_instance()->run();
  return {delivered, seconds_since(start)};
}

} // namespace bench::simgrid_side
