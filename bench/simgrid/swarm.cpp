// bench/simgrid/swarm.cpp: the swarm's agents and resources as s4u actors: at every
// decision an agent asks a resource for a lease (or writes under it, or gives it back)
// and waits for the answer with a timeout, as detsim's swarm_agent does.
#include "workloads.hpp"

#include "detsim/sim/rng.hpp"

#include <simgrid/Exception.hpp>
#include <simgrid/s4u.hpp>

#include <vector>

namespace bench::simgrid_side {

namespace {

namespace s4u = simgrid::s4u;

constexpr double bytes_per_second = 1e9; // a message's extra delay in ns is its size
constexpr double jitter_mean_ns = 50'000;
constexpr double lease_s = 0.050;
constexpr double margin_s = 0.005;
constexpr double timeout_s = 0.050;

enum class kind : std::uint8_t { acquire, update, release };

struct request {
  kind what;
  std::uint32_t agent;
  std::uint64_t lease;
  s4u::Mailbox* reply_to;
};

struct reply {
  bool granted;
  std::uint64_t lease;
};

/// Sends `message` to `box` with the swarm's exponential jitter on top of the link.
template <class T>
void send(s4u::Mailbox* box, T* message, detsim::sim::rng& random) {
  auto jitter = static_cast<std::uint64_t>(random.exponential(jitter_mean_ns));
  box->put_init(message, jitter)->detach();
}

struct resource_state {
  std::uint64_t lease = 0;
  std::uint64_t next_lease = 1;
  double expiry = 0;
  std::uint64_t version = 0;
};

void serve(s4u::Mailbox* box, detsim::sim::rng random) {
  s4u::Actor::self()->daemonize();
  box->set_receiver(s4u::Actor::self());
  resource_state state;
  for (;;) {
    auto* r = box->get<request>();
    auto now = s4u::Engine::get_clock();
    reply* answer = nullptr;
    switch (r->what) {
      case kind::acquire:
        if (state.lease != 0 && now < state.expiry) {
          answer = new reply{false, 0};
        } else {
          state.lease = state.next_lease++;
          state.expiry = now + lease_s;
          answer = new reply{true, state.lease};
        }
        break;
      case kind::update: {
        bool ok = r->lease == state.lease && now < state.expiry;
        state.version += ok;
        answer = new reply{ok, state.lease};
        break;
      }
      case kind::release:
        if (r->lease == state.lease)
          state.lease = 0;
        break;
    }
    if (answer)
      send(r->reply_to, answer, random);
    delete r;
  }
}

} // namespace

result run_swarm(std::uint32_t agents, std::uint32_t resources, double seconds) {
  auto hosts = make_platform(std::size_t{agents} + resources, 100e-6, bytes_per_second);
  std::vector<s4u::Mailbox*> boxes;
  for (std::uint32_t i = 0; i < resources; ++i) {
    boxes.push_back(s4u::Mailbox::by_name("resource-" + std::to_string(i)));
    s4u::Actor::create("resource-" + std::to_string(i), hosts[agents + i], serve, boxes.back(),
                       detsim::sim::rng::derive(42, "resource-" + std::to_string(i)));
  }
  std::uint64_t decisions = 0;
  const double period = 0.01;
  for (std::uint32_t i = 0; i < agents; ++i) {
    s4u::Actor::create("agent-" + std::to_string(i), hosts[i], [&, i] {
      auto random = detsim::sim::rng::derive(42, "agent-" + std::to_string(i));
      auto* own = s4u::Mailbox::by_name("agent-" + std::to_string(i));
      own->set_receiver(s4u::Actor::self());
      bool holding = false;
      std::uint64_t lease = 0;
      std::uint64_t updates_left = 0;
      double lease_end = 0;
      s4u::Mailbox* target = nullptr;
      auto tick = random.uniform(0, 9'999'999) * 1e-9;
      s4u::this_actor::sleep_until(tick);
      while (tick < seconds) {
        ++decisions;
        auto sent = s4u::Engine::get_clock();
        if (holding && sent >= lease_end)
          holding = false;
        if (!holding || updates_left > 0) {
          if (!holding)
            target = boxes[random.below(boxes.size())];
          send(target, new request{holding ? kind::update : kind::acquire, i, lease, own}, random);
          try {
            std::unique_ptr<reply> answer{own->get<reply>(timeout_s)};
            if (!holding && answer->granted) {
              holding = true;
              lease = answer->lease;
              lease_end = sent + lease_s - margin_s;
              updates_left = static_cast<std::uint64_t>(random.uniform(1, 3));
            } else if (holding && answer->granted) {
              --updates_left;
            } else {
              holding = false;
            }
          } catch (const simgrid::TimeoutException&) {
            holding = false;
          }
        } else {
          send(target, new request{kind::release, i, lease, own}, random);
          holding = false;
        }
        tick += period;
        s4u::this_actor::sleep_until(tick);
      }
      own->set_receiver(nullptr);
    });
  }
  auto start = std::chrono::steady_clock::now();
  s4u::Engine::get_instance()->run();
  return {decisions, seconds_since(start)};
}

} // namespace bench::simgrid_side
