// bench/simgrid/phold.cpp: PHOLD with one s4u actor per LP; an event is a message whose
// size makes its transit take exactly its exponential delay on top of the lookahead.
#include "workloads.hpp"

#include "detsim/sim/rng.hpp"

#include <simgrid/s4u.hpp>

#include <vector>

namespace bench::simgrid_side {

result run_phold(std::uint32_t lps, std::uint32_t population, double lookahead_s,
                 double mean_delay_s, double remote, std::uint64_t events, double budget_s) {
  namespace s4u = simgrid::s4u;
  constexpr double bytes_per_second = 1e9; // a byte is a nanosecond of extra delay
  auto hosts = make_platform(lps, lookahead_s, bytes_per_second);
  std::vector<s4u::Mailbox*> boxes;
  for (std::uint32_t i = 0; i < lps; ++i)
    boxes.push_back(s4u::Mailbox::by_name("lp-" + std::to_string(i)));
  std::uint64_t delivered = 0;
  auto start = std::chrono::steady_clock::now();
  static int event = 0; // an event's arrival is all it carries
  auto done = s4u::Semaphore::create(0);
  for (std::uint32_t i = 0; i < lps; ++i) {
    s4u::Actor::create("lp-" + std::to_string(i), hosts[i], [&, i] {
      s4u::Actor::self()->daemonize();
      boxes[i]->set_receiver(s4u::Actor::self());
      auto random = detsim::sim::rng::derive(11, "lp-" + std::to_string(i));
      auto schedule = [&] {
        auto extra = static_cast<std::uint64_t>(random.exponential(mean_delay_s * bytes_per_second));
        auto target = random.chance(remote) ? random.below(lps) : i;
        boxes[target]->put_init(&event, extra)->detach();
      };
      for (std::uint32_t k = 0; k < population; ++k)
        schedule();
      for (;;) {
        boxes[i]->get<int>();
        ++delivered;
        // Stop at `events`, or early when the wall budget is spent (checked now and then).
        if (delivered == events ||
            (delivered % 256 == 0 && seconds_since(start) > budget_s && delivered < events)) {
          events = delivered;
          done->release();
        }
        schedule();
      }
    });
  }
  s4u::Actor::create("end", hosts[0], [done] { done->acquire(); });
  start = std::chrono::steady_clock::now();
  s4u::Engine::get_instance()->run();
  return {delivered, seconds_since(start)};
}

} // namespace bench::simgrid_side
