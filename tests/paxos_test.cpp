// tests/paxos_test.cpp: ChunkPaxos acceptor rules, message counts, agreement under chaos,
// and the broken acceptor found by a campaign.
#include "detsim/actors/paxos/acceptor.hpp"
#include "detsim/campaigns/campaign_runner.hpp"
#include "detsim/campaigns/campaign_summary.hpp"
#include "detsim/engines/deterministic_engine.hpp"
#include "detsim/scenarios/builtin.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <filesystem>

using namespace detsim;

namespace {

/// One scripted request: a prepare or an accept.
struct scripted {
  bool is_prepare;
  actors::paxos::prepare prepare;
  actors::paxos::accept accept;
};

scripted p(std::uint64_t chunk, actors::paxos::ballot_t ballot) {
  return {true, {chunk, ballot}, {}};
}

scripted a(std::uint64_t chunk, actors::paxos::ballot_t ballot, std::uint64_t value) {
  return {false, {}, {chunk, ballot, value}};
}

/// Sends a fixed script of requests to node 0, one after another, recording the answers.
class script_driver final : public runtime::node_actor {
public:
  script_driver(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                std::vector<scripted> script, std::vector<std::string>* answers)
    : runtime::node_actor(cfg, w, node), script_(std::move(script)), answers_(answers) {}

  caf::behavior make_behavior() override {
    next();
    return {[](int) {}};
  }

private:
  void next() {
    if (position_ >= script_.size())
      return;
    const auto& item = script_[position_++];
    const auto& target = world_ref().lookup(0);
    if (item.is_prepare) {
      request(target, std::chrono::seconds(1), item.prepare).then([this](const actors::paxos::promise& r) {
        answers_->push_back(fmt::format("promise ok={} promised={} accepted={}:{}", r.ok,
                                        r.promised, r.accepted_ballot, r.accepted_value));
        next();
      });
      return;
    }
    request(target, std::chrono::seconds(1), item.accept).then([this](const actors::paxos::accepted& r) {
      answers_->push_back(fmt::format("accepted ok={} promised={}", r.ok, r.promised));
      next();
    });
  }

  std::vector<scripted> script_;
  std::vector<std::string>* answers_;
  std::size_t position_ = 0;
};

std::vector<std::string> run_script(std::vector<scripted> script, const std::string& faults = "",
                                    actors::paxos::acceptor_options acceptor = {}) {
  std::vector<std::string> answers;
  engines::engine_options options;
  options.length = std::chrono::seconds(5);
  engines::deterministic_engine e{options, actors::paxos::announce_types};
  e.network().set_default_link({std::chrono::milliseconds(1), sim::duration{0}});
  e.add_node("node-0", [acceptor](runtime::world& w, sim::node_id id) {
    return w.system().spawn<actors::paxos::acceptor>(std::ref(w), id, acceptor);
  });
  e.add_node("driver", [&](runtime::world& w, sim::node_id id) {
    return w.system().spawn<script_driver>(std::ref(w), id, script, &answers);
  });
  e.start_node(0);
  e.start_node(1);
  e.set_faults(sim::fault_plan::parse(faults));
  e.run();
  return answers;
}

using test::metric;

} // namespace

TEST_CASE("an acceptor promises higher ballots and refuses lower ones", "[actors][paxos]") {
  auto answers = run_script({p(7, 5), p(7, 3), a(7, 4, 11), a(7, 5, 42), p(7, 9)});
  REQUIRE(answers.size() == 5);
  CHECK(answers[0] == "promise ok=true promised=5 accepted=0:0");
  CHECK(answers[1] == "promise ok=false promised=5 accepted=0:0");
  CHECK(answers[2] == "accepted ok=false promised=5");
  CHECK(answers[3] == "accepted ok=true promised=5");
  // A later prepare learns what was accepted, so its proposer adopts the value.
  CHECK(answers[4] == "promise ok=true promised=9 accepted=5:42");
}

TEST_CASE("chunks are independent consensus instances", "[actors][paxos]") {
  auto answers = run_script({p(1, 9), a(2, 3, 5)});
  REQUIRE(answers.size() == 2);
  CHECK(answers[1] == "accepted ok=true promised=3");
}

TEST_CASE("an acceptor keeps its promise across a crash and restart", "[actors][paxos]") {
  // With 1 ms links the promise is on its way back when node-0 crashes at 1.5 ms; the
  // accept, sent at 2 ms, reaches the restarted acceptor.
  const char* crash = "at 1500us kill node-0; at 1700us restart node-0";
  auto answers = run_script({p(7, 5), a(7, 4, 1)}, crash);
  REQUIRE(answers.size() == 2);
  CHECK(answers[1] == "accepted ok=false promised=5");
  // The deliberately broken acceptor forgets and accepts the lower ballot.
  auto broken = run_script({p(7, 5), a(7, 4, 1)}, crash, actors::paxos::acceptor_options{false});
  REQUIRE(broken.size() == 2);
  CHECK(broken[1] == "accepted ok=true promised=4");
}

TEST_CASE("round 0 of a chunk belongs to its owner and no ballot is 0", "[actors][paxos]") {
  CHECK(actors::paxos::make_ballot(0, 0) != 0);
  CHECK(actors::paxos::make_ballot(0, 3) < actors::paxos::make_ballot(1, 0));
  CHECK(actors::paxos::round_of(actors::paxos::make_ballot(7, 12)) == 7);
}

TEST_CASE("uncontended chunks take 6 messages with ChunkPaxos and 12 with classic Paxos",
          "[scenarios][paxos]") {
  harness::run_spec spec;
  spec.scenario = "vstack-paxos";
  spec.parameters = {"contested=0", "duration=1s"};
  auto outcome = test::run(spec);
  CHECK(outcome.passed());
  CHECK(metric(outcome, "chunks_chosen") == 400);
  CHECK(metric(outcome, "chunkpaxos_messages_per_chunk") == 6);
  CHECK(metric(outcome, "classic_messages_per_chunk") == 12);
}

TEST_CASE("agreement and validity hold under kills, loss and contention", "[scenarios][paxos]") {
  auto seed = GENERATE(range(1, 51));
  CAPTURE(seed);
  harness::run_spec spec;
  spec.scenario = "vstack-paxos";
  spec.seed = static_cast<std::uint64_t>(seed);
  spec.parameters = {"duration=1s", "uploaders=6", "chunks=8", "contested=0.5"};
  spec.chaos = "kill-rate=6/s,restart-after=30ms,loss=0.03,duplicate=0.02";
  auto outcome = test::run(spec);
  CHECK(outcome.passed());
  CHECK(metric(outcome, "conflicts_resolved") > 0);
}

TEST_CASE("the acceptor that forgets its promises fails through restarts only", "[scenarios][paxos][planted]") {
  auto run = [](std::uint64_t seed, bool persist, std::string faults, std::string chaos) {
    harness::run_spec spec;
    spec.scenario = "vstack-paxos";
    spec.seed = seed;
    spec.parameters = {"acceptor_persist=" + std::string(persist ? "true" : "false"), "duration=1s"};
    spec.faults = std::move(faults);
    spec.chaos = std::move(chaos);
    spec.plan_is_final = !spec.faults.empty();
    return test::run(spec);
  };
  // Without restarts nothing is forgotten: every seed passes. With restarts (chaos) some
  // seeds break agreement, and the correct acceptors pass each of those very plans.
  int broken = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    CAPTURE(seed);
    CHECK(run(seed, false, "", "").passed());
    auto forgetful = run(seed, false, "", "kill-rate=5/s,restart-after=30ms");
    if (test::invariant_passed(forgetful, "agreement"))
      continue;
    ++broken;
    CHECK(run(seed, true, forgetful.plan.to_string(), "").passed());
  }
  CHECK(broken >= 5);
}

TEST_CASE("a small campaign catches the acceptor that forgets its promises", "[cli][paxos]") {
  auto r = scenarios::builtin_registry();
  campaigns::campaign_config c;
  c.scenario = "vstack-paxos";
  c.parameters = {"acceptor_persist=false", "duration=1s"};
  c.chaos = "kill-rate=5/s,restart-after=30ms";
  c.first_seed = 1;
  c.last_seed = 100;
  c.jobs = 2;
  c.recheck = 0;
  auto dir = test::temp_path("paxos-campaign");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  campaigns::run_campaign(r, c, dir, nullptr);
  auto summary = campaigns::summarize(c, campaigns::read_journal(dir + "/journal.jsonl"), "detsim");
  REQUIRE(summary.buckets.size() == 1);
  CHECK_THAT(summary.buckets[0].signature, Catch::StartsWith("invariant:agreement"));
  std::filesystem::remove_all(dir);
}
