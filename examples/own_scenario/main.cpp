// examples/own_scenario/main.cpp: a user's own program. It registers two scenarios of its
// own next to detsim's built-in ones and gets the whole CLI (list, run, replay, campaign).
// Its classes deliberately use the names a user's Paxos, swarm or V-Stack model would
// (paxos::proposer, paxos::acceptor, swarm::agent, vstack::client), names detsim's own
// built-in systems use too: detsim keeps all of its code in namespace detsim, so they
// cannot clash, even with detsim::scenarios linked in.
#include <detsim/cli/app.hpp>
#include <detsim/runtime/message.hpp>
#include <detsim/runtime/node_actor.hpp>
#include <detsim/runtime/registry.hpp>
#include <detsim/scenarios/builtin.hpp>

#include <caf/all.hpp>

#include <map>
#include <string>

using detsim::runtime::node_actor;
using detsim::runtime::world;
using detsim::sim::node_id;

namespace paxos {

struct prepare {
  std::uint64_t ballot = 0;
};

DETSIM_MESSAGE(prepare, "paxos::prepare", x.ballot)

/// What the acceptors promised, in the order they promised it.
struct promise_log {
  std::map<node_id, std::uint64_t> highest; ///< per acceptor
  std::vector<std::string> violations;
  std::uint64_t promises = 0;
};

/// Promises a ballot only when it is higher than any it promised before. With
/// `durable` false it forgets its promise on restart: the planted bug.
class acceptor final : public node_actor {
public:
  acceptor(caf::actor_config& cfg, world& w, node_id node, bool durable, promise_log* log)
    : node_actor(cfg, w, node), durable_(durable), log_(log) {
    if (auto saved = store().get_synced("promised"); durable_ && saved)
      promised_ = std::stoull(*saved);
  }
  caf::behavior make_behavior() override {
    return {[this](const prepare& p) -> bool {
      if (p.ballot <= promised_)
        return false;
      promised_ = p.ballot;
      if (durable_) {
        store().put("promised", std::to_string(promised_));
        store().sync();
      }
      auto& highest = log_->highest[node()];
      if (p.ballot <= highest)
        log_->violations.push_back("an acceptor promised ballot " + std::to_string(p.ballot) +
                                   " after promising " + std::to_string(highest));
      highest = p.ballot;
      ++log_->promises;
      return true;
    }};
  }

private:
  bool durable_;
  promise_log* log_;
  std::uint64_t promised_ = 0;
};

/// Sends prepares with ever-higher ballots; two proposers interleave their ballots.
class proposer final : public node_actor {
public:
  proposer(caf::actor_config& cfg, world& w, node_id node, std::uint64_t index,
           std::vector<node_id> acceptors)
    : node_actor(cfg, w, node), index_(index), acceptors_(std::move(acceptors)) {}
  caf::behavior make_behavior() override {
    delayed_send(this, std::chrono::milliseconds(10), caf::tick_atom::value);
    return {[this](caf::tick_atom) {
      // Ballots of proposer i are i+1, i+1+2k: unique across the two proposers, and
      // a restarted proposer (no memory) starts low again, which acceptors must refuse.
      ballot_ += 2;
      for (auto id : acceptors_) // a down acceptor is silence: the request times out
        request(world_ref().lookup(id), std::chrono::milliseconds(50), prepare{ballot_ + index_})
          .then([](bool) {}, [](const caf::error&) {});
      auto pause = std::chrono::milliseconds(20 + random().below(30));
      delayed_send(this, pause, caf::tick_atom::value);
    }};
  }

private:
  std::uint64_t index_;
  std::vector<node_id> acceptors_;
  std::uint64_t ballot_ = 0;
};

/// Acceptors keep their promises across restarts (durable=true) or not (the planted bug).
/// Chaos targets default to the nodes in groups: here the acceptors.
class scenario final : public detsim::runtime::scenario {
public:
  explicit scenario(detsim::sim::parameters& p)
    : acceptors_(p.take_int("acceptors", 3, "number of acceptors")),
      durable_(p.take_bool("durable", true, "acceptors keep their promise across restarts")),
      length_(p.take_duration("duration", std::chrono::seconds(2), "simulated time")) {
    detsim::sim::require_input(acceptors_ >= 1 && acceptors_ <= 1000, "paxos-promises",
                               "acceptors must be between 1 and 1000");
  }
  void announce(caf::actor_system_config& cfg) const override {
    detsim::runtime::announce_messages<prepare>(cfg);
  }
  detsim::sim::duration length() const override { return length_; }
  void setup(world& w) override {
    std::vector<node_id> acceptors;
    for (std::int64_t i = 0; i < acceptors_; ++i)
      acceptors.push_back(w.spawn_node<acceptor>("acceptor-" + std::to_string(i), "acceptors",
                                                 durable_, &log_));
    for (std::uint64_t i = 0; i < 2; ++i)
      w.spawn_node<proposer>("proposer-" + std::to_string(i), "", i, acceptors);
  }
  std::vector<detsim::runtime::invariant_result> check(world&) override {
    return {detsim::runtime::verdict("promises-only-rise", log_.violations)};
  }
  std::vector<detsim::runtime::metric> metrics() const override {
    return {{"promises", double(log_.promises), ""}};
  }

private:
  std::int64_t acceptors_;
  bool durable_;
  detsim::sim::duration length_;
  promise_log log_;
};

} // namespace paxos

namespace swarm {

struct ping {
  std::uint64_t round = 0;
};

DETSIM_MESSAGE(ping, "heartbeat::ping", x.round)

/// Answers every ping with the same round number.
class agent final : public node_actor {
public:
  agent(caf::actor_config& cfg, world& w, node_id node, bool crash)
    : node_actor(cfg, w, node), crash_(crash) {}
  caf::behavior make_behavior() override {
    return {[this](const ping& p) { return answer(p); }};
  }

  /// With crash=true the third ping writes through a null pointer: a planted crash that
  /// a campaign must bucket under this function's name.
  [[gnu::noinline]] ping answer(const ping& p) {
    if (crash_ && p.round == 3) {
      volatile int* nowhere = nullptr;
      *nowhere = 1;
    }
    return p;
  }

private:
  bool crash_;
};

} // namespace swarm

namespace vstack {

struct counters {
  std::uint64_t sent = 0;
  std::uint64_t answered = 0;
  std::uint64_t missed = 0;
};

/// Pings every agent each period and counts answers and timeouts.
class client final : public node_actor {
public:
  client(caf::actor_config& cfg, world& w, node_id node, std::vector<node_id> agents,
         counters* stats)
    : node_actor(cfg, w, node), agents_(std::move(agents)), stats_(stats) {}

  caf::behavior make_behavior() override {
    delayed_send(this, std::chrono::milliseconds(100), swarm::ping{0});
    return {[this](const swarm::ping& tick) {
      for (auto id : agents_) { // a down agent is silence: the ping times out (a miss)
        ++stats_->sent;
        request(world_ref().lookup(id), std::chrono::milliseconds(50), swarm::ping{tick.round})
          .then([this](const swarm::ping&) { ++stats_->answered; },
                [this](const caf::error&) { ++stats_->missed; });
      }
      delayed_send(this, std::chrono::milliseconds(100), swarm::ping{tick.round + 1});
    }};
  }

private:
  std::vector<node_id> agents_;
  counters* stats_;
};

/// A monitor pings workers; every ping is answered or times out (a down worker is
/// silence, so its pings time out).
class heartbeat final : public detsim::runtime::scenario {
public:
  explicit heartbeat(detsim::sim::parameters& p)
    : workers_(p.take_int("workers", 5, "number of workers")),
      length_(p.take_duration("duration", std::chrono::seconds(2), "simulated time")),
      crash_(p.take_bool("crash", false, "workers crash at the third ping (a planted bug)")) {
    detsim::sim::require_input(workers_ >= 1 && workers_ <= 100000, "heartbeat",
                               "workers must be between 1 and 100000");
  }
  void announce(caf::actor_system_config& cfg) const override {
    detsim::runtime::announce_messages<swarm::ping>(cfg);
  }
  detsim::sim::duration length() const override { return length_; }
  /// Chaos targets default to the nodes in groups: the workers, not the monitor.
  void setup(world& w) override {
    std::vector<node_id> workers;
    for (std::int64_t i = 0; i < workers_; ++i)
      workers.push_back(
        w.spawn_node<swarm::agent>("worker-" + std::to_string(i), "workers", crash_));
    w.spawn_node<client>("monitor", "", workers, &stats_);
  }
  std::vector<detsim::runtime::invariant_result> check(world&) override {
    // Each ping is answered or times out within 50 ms and a round is sent every 100 ms,
    // so at the end at most the last round can still be open.
    std::vector<std::string> violations;
    auto resolved = stats_.answered + stats_.missed;
    auto open = stats_.sent > resolved ? stats_.sent - resolved : 0;
    if (resolved > stats_.sent)
      violations.push_back("more answers and misses than pings");
    if (open > static_cast<std::uint64_t>(workers_))
      violations.push_back(std::to_string(open) + " pings neither answered nor timed out");
    return {detsim::runtime::verdict("every-ping-resolves", violations)};
  }
  std::vector<detsim::runtime::metric> metrics() const override {
    return {{"pings", double(stats_.sent), ""},
            {"answered", double(stats_.answered), ""},
            {"missed", double(stats_.missed), ""}};
  }

private:
  std::int64_t workers_;
  detsim::sim::duration length_;
  bool crash_;
  counters stats_;
};

} // namespace vstack

int main(int argc, char** argv) {
  auto registry = detsim::scenarios::builtin_registry();
  registry.add({"heartbeat", "a monitor pings workers; answers and misses are counted",
                [](detsim::sim::parameters& p) { return std::make_unique<vstack::heartbeat>(p); }});
  registry.add({"paxos-promises", "two proposers, acceptors that must never promise a lower ballot",
                [](detsim::sim::parameters& p) { return std::make_unique<paxos::scenario>(p); }});
  return detsim::cli::main(argc, argv, registry);
}
