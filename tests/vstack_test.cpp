// tests/vstack_test.cpp: the V-Stack storage node on its own, and the streaming scenarios:
// invariants over seed sweeps, failover time, smart vs naive, and the benchmark's reports.
#include "detsim/actors/vstack/storage.hpp"
#include "detsim/engines/deterministic_engine.hpp"
#include "detsim/scenarios/vstack/common.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <set>
#include <variant>

using namespace detsim;

namespace {

using step = std::variant<actors::vstack::store_chunk, actors::vstack::read_chunk, actors::vstack::drop_chunk>;

/// Sends a fixed script to node 0, one request after another, recording the answers
/// (a drop is a one-way message, answered by nothing).
class storage_driver final : public runtime::node_actor {
public:
  storage_driver(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                 std::vector<step> script, std::vector<std::string>* answers)
    : runtime::node_actor(cfg, w, node), script_(std::move(script)), answers_(answers) {}

  caf::behavior make_behavior() override {
    delayed_send(this, std::chrono::milliseconds(1), actors::vstack::tick{});
    return {[this](actors::vstack::tick) { next(); }};
  }

private:
  void next() {
    if (position_ >= script_.size())
      return;
    const auto& item = script_[position_++];
    const auto& target = world_ref().lookup(0);
    auto later = [this] { delayed_send(this, std::chrono::milliseconds(10), actors::vstack::tick{}); };
    auto failed = [this, later](const caf::error& error) {
      answers_->push_back(error == caf::sec::request_timeout ? "timeout" : "refused");
      later();
    };
    if (auto* store = std::get_if<actors::vstack::store_chunk>(&item)) {
      request(target, std::chrono::seconds(1), *store)
        .then([this, later](const actors::vstack::ack& a) {
                answers_->push_back(fmt::format("stored {}", a.ok));
                later();
              },
              failed);
    } else if (auto* read = std::get_if<actors::vstack::read_chunk>(&item)) {
      request(target, std::chrono::seconds(1), *read)
        .then([this, later](const actors::vstack::chunk_data& d) {
                answers_->push_back(d.found ? fmt::format("data {} {}", d.value, d.bytes)
                                            : "missing");
                later();
              },
              failed);
    } else {
      send(target, std::get<actors::vstack::drop_chunk>(item));
      later();
    }
  }

  std::vector<step> script_;
  std::vector<std::string>* answers_;
  std::size_t position_ = 0;
};

std::vector<std::string> run_storage(std::vector<step> script, const std::string& faults = "",
                                     actors::vstack::storage_stats* stats_out = nullptr,
                                     bool host_stays_up = false) {
  std::vector<std::string> answers;
  actors::vstack::storage_stats stats;
  engines::engine_options options;
  options.length = std::chrono::seconds(5);
  engines::deterministic_engine e{options, actors::vstack::announce_types};
  e.network().set_default_link({std::chrono::milliseconds(1), sim::duration{0}});
  e.add_node("node-0", [&stats](runtime::world& w, sim::node_id id) {
    return w.system().spawn<actors::vstack::storage_node>(std::ref(w), id, actors::vstack::storage_options{},
                                                  &stats);
  });
  e.add_node("driver", [&](runtime::world& w, sim::node_id id) {
    return w.system().spawn<storage_driver>(std::ref(w), id, script, &answers);
  });
  if (host_stays_up)
    e.host_stays_up(0);
  e.start_node(0);
  e.start_node(1);
  e.set_faults(sim::fault_plan::parse(faults));
  e.run();
  if (stats_out)
    *stats_out = stats;
  return answers;
}

harness::run_spec small_stream(const std::string& scenario, std::uint64_t seed,
                           std::vector<std::string> extra = {}) {
  harness::run_spec spec;
  spec.scenario = scenario;
  spec.seed = seed;
  spec.parameters = {"clients=20", "videos=4", "video_length=30s", "stagger=4s"};
  spec.parameters.insert(spec.parameters.end(), extra.begin(), extra.end());
  return spec;
}

using test::metric;

} // namespace

TEST_CASE("a storage node serves what it stored, and only that", "[actors][vstack]") {
  auto answers = run_storage({actors::vstack::read_chunk{7}, actors::vstack::store_chunk{7, 42, 2'000'000},
                              actors::vstack::read_chunk{7}, actors::vstack::read_chunk{8},
                              actors::vstack::drop_chunk{7}, actors::vstack::read_chunk{7}});
  REQUIRE(answers.size() == 5);
  CHECK(answers[0] == "missing");
  CHECK(answers[1] == "stored true");
  CHECK(answers[2] == "data 42 2000000");
  CHECK(answers[3] == "missing");
  CHECK(answers[4] == "missing"); // dropped
}

TEST_CASE("stored chunks survive a crash and restart", "[actors][vstack]") {
  // Stored at ~1 ms and acknowledged; the node is down from 20 ms to 30 ms; read after.
  auto answers = run_storage({actors::vstack::store_chunk{3, 99, 1000}, actors::vstack::read_chunk{3},
                              actors::vstack::read_chunk{3}, actors::vstack::read_chunk{3}},
                             "at 20ms kill node-0; at 30ms restart node-0");
  REQUIRE(answers.size() == 4);
  CHECK(answers[0] == "stored true");
  CHECK(answers.back() == "data 99 1000");
  // The read sent while the node is down is silence: it times out (after 1 s).
  CHECK(std::count(answers.begin(), answers.end(), "timeout") == 1);
  CHECK(std::count(answers.begin(), answers.end(), "refused") == 0);
}

TEST_CASE("a node whose host stays up refuses requests while its process is down",
          "[actors][vstack]") {
  auto answers = run_storage({actors::vstack::store_chunk{3, 99, 1000}, actors::vstack::read_chunk{3},
                              actors::vstack::read_chunk{3}, actors::vstack::read_chunk{3}},
                             "at 20ms kill node-0; at 30ms restart node-0", nullptr, true);
  REQUIRE(answers.size() == 4);
  CHECK(answers.back() == "data 99 1000");
  CHECK(std::count(answers.begin(), answers.end(), "refused") == 1);
  CHECK(std::count(answers.begin(), answers.end(), "timeout") == 0);
}

TEST_CASE("a read takes disk time plus transfer time at the client's downlink",
          "[actors][vstack]") {
  actors::vstack::storage_stats stats;
  run_storage({actors::vstack::store_chunk{1, 5, 2'000'000}, actors::vstack::read_chunk{1}}, "", &stats);
  REQUIRE(stats.reads == 1);
  // 2 MB at 500 MB/s is 4 ms of disk, plus a seeded seek of about 1 ms.
  CHECK(stats.service_latency.quantile(0.5) > 4'000'000);
  CHECK(stats.service_latency.quantile(0.5) < 20'000'000);
  // A slow fault makes the same read ten times slower while it lasts.
  actors::vstack::storage_stats slowed;
  run_storage({actors::vstack::store_chunk{1, 5, 2'000'000}, actors::vstack::read_chunk{1}},
              "from 0s to 1s slow 10x node node-0", &slowed);
  CHECK(slowed.service_latency.quantile(0.5) > 40'000'000);
}

TEST_CASE("V-Stack invariants hold over 50 seeds of a node failing and recovering",
          "[scenarios][vstack]") {
  auto seed = GENERATE(range(1, 51));
  CAPTURE(seed);
  auto spec = small_stream("vstack-failover", static_cast<std::uint64_t>(seed),
                           {"duration=45s", "kill_at=10s", "restart_at=25s",
                            "kill_node=" + std::to_string(seed % 3), "contested=0.2"});
  auto outcome = test::run(spec);
  CHECK(outcome.passed());
  CHECK(metric(outcome, "sessions_finished") == 20);
  CHECK(metric(outcome, "chunks_acknowledged") == 60);
}

TEST_CASE("V-Stack invariants hold under chaos: kills, loss, latency spikes, slow nodes",
          "[scenarios][vstack]") {
  auto seed = GENERATE(range(1, 11));
  CAPTURE(seed);
  auto spec = small_stream("vstack-chaos", static_cast<std::uint64_t>(seed), {"duration=45s"});
  spec.chaos = "kill-rate=0.2/s,restart-after=3s,loss=0.02,latency-spike=0.2/s,slow-rate=0.2/s";
  auto outcome = test::run(spec);
  CHECK(outcome.passed());
  CHECK(metric(outcome, "chunks_played_and_checked") > 0);
}

TEST_CASE("after a node failure smart clients fail over within 5 s, naive ones later, on 20 seeds",
          "[scenarios][vstack]") {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    CAPTURE(seed);
    harness::run_spec spec;
    spec.scenario = "vstack-failover";
    spec.seed = seed;
    spec.parameters = {"duration=90s"};
    auto outcome = test::run(spec);
    REQUIRE(outcome.passed());
    CHECK(metric(outcome, "smart_failovers") > 0);
    // Reads in service when node-2 dies are never answered: naive clients sit out their
    // 5 s timeout, smart ones hedge to another replica.
    CHECK(metric(outcome, "naive_failover_max") > 5);
    CHECK(metric(outcome, "smart_failover_max") < 5);
  }
}

TEST_CASE("over 20 seeds smart clients move more data and avoid the degraded node", "[scenarios][vstack]") {
  // A claim over seeds, not one picked seed: throughput's ratio on its mean and its worst
  // seed; the degraded node-2 avoided on every seed. Startup and rebuffers are not claimed:
  // over these seeds smart startup is better on 7 of 20 (docs/vstack.md).
  double ratio_sum = 0, ratio_min = 1e9;
  int avoided = 0;
  const int seeds = 20;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    harness::run_spec spec;
    spec.scenario = "vstack-compare";
    spec.seed = seed;
    auto outcome = test::run(spec);
    CAPTURE(seed);
    REQUIRE(outcome.passed());
    auto ratio = metric(outcome, "smart_throughput") / metric(outcome, "naive_throughput");
    ratio_sum += ratio;
    ratio_min = std::min(ratio_min, ratio);
    avoided += metric(outcome, "smart_chunks_from_node-2") * 10 < metric(outcome, "naive_chunks_from_node-2");
    if (seed == 1) {
      REQUIRE(outcome.tables.size() == 1);
      CHECK(outcome.tables[0].rows.size() == 6);
    }
  }
  CAPTURE(ratio_sum / seeds, ratio_min);
  CHECK(ratio_sum / seeds > 1.3); // measured: 1.40 mean, 1.30..1.47
  CHECK(ratio_min > 1.2);
  CHECK(avoided == seeds);
}

TEST_CASE("adaptive redundancy copies hot and at-risk chunks and drops copies when calm",
          "[scenarios][vstack]") {
  harness::run_spec spec;
  spec.scenario = "vstack-benchmark";
  spec.seed = 1;
  spec.parameters = {"clients=40"};
  auto outcome = test::run(spec);
  REQUIRE(outcome.passed());
  CHECK(metric(outcome, "replicas_added_hot") > 0);
  CHECK(metric(outcome, "replicas_added_at_risk") > 0);
  CHECK(metric(outcome, "replicas_dropped") > 0);
  CHECK(metric(outcome, "replication_max") == 3);
  // With adaptation off, nothing moves.
  spec.parameters.push_back("adaptive=false");
  auto fixed = test::run(spec);
  CHECK(metric(fixed, "replicas_added_hot") + metric(fixed, "replicas_added_at_risk") == 0);
}

TEST_CASE("vstack-benchmark writes its pass/fail table as JSON and HTML", "[cli][vstack]") {
  auto json_path = test::temp_path("bench.json");
  auto html_path = test::temp_path("bench.html");
  auto [status, output] = test::shell(fmt::format(
    "{} run vstack-benchmark --seed 1 --param clients=100 --report {} --report-html {}",
    DETSIM_BINARY, json_path, html_path));
  CHECK(status == 0);
  CHECK_THAT(output, Catch::Contains("targets (") && Catch::Contains("Failover after a node"));
  auto report = nlohmann::json::parse(test::read_file(json_path));
  REQUIRE(report.at("targets").size() == 9);
  for (auto& row : report.at("targets")) {
    CHECK(row.at("measured").get<bool>());
    CHECK(row.at("passed").is_boolean());
  }
  CHECK(report.at("plots").size() == 2);
  auto html = test::read_file(html_path);
  CHECK_THAT(html, Catch::Contains("id=\"targets\"") && Catch::Contains("<svg") &&
                     Catch::Contains("<polyline"));
  std::remove(json_path.c_str());
  std::remove(html_path.c_str());
}

TEST_CASE("the V-Stack scenarios reject impossible parameters", "[scenarios][vstack]") {
  for (const char* bad : {"base_replicas=1", "max_replicas=9", "slow_node=5", "stagger=-1s",
                          "kill_at=70s", "smart_share=1.5"}) {
    CAPTURE(bad);
    harness::run_spec spec;
    spec.scenario = "vstack-failover";
    spec.parameters = {bad};
    CHECK_THROWS_AS(test::run(spec), sim::input_error);
  }
}

TEST_CASE("two uploaders contesting every chunk agree on one value per chunk",
          "[scenarios][paxos][vstack]") {
  harness::run_spec spec;
  spec.scenario = "vstack-paxos";
  spec.seed = 2;
  spec.parameters = {"uploaders=2", "chunks=5", "contested=1", "duration=2s"};
  auto outcome = test::run(spec);
  REQUIRE(outcome.passed());
  // 2 uploaders x 5 owned chunks, for each protocol; every chunk also has a contender.
  CHECK(metric(outcome, "chunks_chosen") == 20);
  CHECK(metric(outcome, "chunks_acknowledged") == 20);
  CHECK(metric(outcome, "conflicts_resolved") > 0);
  CHECK(metric(outcome, "chunkpaxos_messages_per_chunk") >
        6); // contenders pay for phase 1 and retries
}

TEST_CASE("an uploader agrees on up to upload_window chunks at once", "[scenarios][paxos][vstack]") {
  for (int window : {1, 4}) {
    CAPTURE(window);
    harness::run_spec spec;
    spec.scenario = "vstack-paxos";
    spec.parameters = {"uploaders=3", "chunks=10", "duration=2s",
                       "upload_window=" + std::to_string(window)};
    auto outcome = test::run(spec);
    REQUIRE(outcome.passed());
    CHECK(metric(outcome, "chunkpaxos_uploads_in_flight_max") == 3 * window);
    CHECK(metric(outcome, "chunks_acknowledged") == 60);
  }
}

TEST_CASE("a V-Stack trace exports uploaders, nodes and clients as perfetto tracks",
          "[replays][export][vstack]") {
  auto spec = small_stream("vstack-failover", 4, {"duration=20s", "kill_at=5s", "restart_at=10s"});
  spec.trace_path = test::temp_path("vstack-export.zst");
  REQUIRE(test::run(spec).passed());
  auto out = test::temp_path("vstack-export.json");
  auto [status, output] = test::shell(fmt::format("{} replay --export perfetto {} --output {}",
                                                  DETSIM_BINARY, spec.trace_path, out));
  REQUIRE(status == 0);
  auto doc = nlohmann::json::parse(test::read_file(out));
  std::set<std::string> tracks;
  std::size_t arrows = 0;
  for (auto& e : doc.at("traceEvents")) {
    if (e.at("ph") == "M" && e.at("name") == "thread_name")
      tracks.insert(e.at("args").at("name").get<std::string>());
    arrows += e.at("ph") == "s";
  }
  for (const char* track : {"node-0", "node-2", "manager", "uploader-0", "client-19"})
    CHECK(tracks.count(track) == 1);
  CHECK(arrows > 100);
  std::remove(spec.trace_path.c_str());
  std::remove(out.c_str());
}

TEST_CASE("a manager that never synced its registrations loses them in a kill, and only then",
          "[scenarios][vstack][planted]") {
  auto run = [](std::uint64_t seed, bool persist, std::string faults) {
    harness::run_spec spec;
    spec.scenario = "vstack-benchmark";
    spec.seed = seed;
    spec.parameters = {"manager_persist=" + std::string(persist ? "true" : "false")};
    spec.faults = std::move(faults);
    return test::run(spec);
  };
  const std::string restart = "at 70s kill manager; at 75s restart manager";
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    CAPTURE(seed);
    CHECK(run(seed, false, "").passed()); // the directory never leaves memory
    auto forgot = run(seed, false, restart);
    CHECK_FALSE(test::invariant_passed(forgot, "acked_readable_after_minority"));
    // The logging manager comes back with its directory, rebuilt against the nodes, and
    // clients played on through its absence from the locations they held.
    auto recovered = run(seed, true, restart);
    CHECK(recovered.passed());
    CHECK(test::invariant_passed(recovered, "directory_agrees_with_nodes"));
    CHECK(metric(recovered, "sessions_finished") == metric(recovered, "sessions"));
  }
}

TEST_CASE("chaos may take the manager down too, and every invariant holds", "[scenarios][vstack]") {
  int manager_killed = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    harness::run_spec spec;
    spec.scenario = "vstack-chaos";
    spec.seed = seed;
    spec.parameters = {"manager_chaos=true"};
    spec.chaos = "kill-rate=0.1/s,restart-after=3s";
    auto outcome = test::run(spec);
    CHECK(outcome.passed());
    manager_killed += outcome.plan.to_string().find("kill manager") != std::string::npos;
  }
  CHECK(manager_killed >= 3);
}

TEST_CASE("the directory check finds a holder that does not hold the chunk", "[actors][vstack]") {
  engines::engine_options options;
  engines::deterministic_engine engine{options, [](caf::actor_system_config&) {}};
  auto node = engine.add_node("node-0", [](runtime::world&, sim::node_id) { return caf::actor{}; });
  engine.store(node).put("data/7", "42 1000"); // the storage node's own record of chunk 7
  engine.store(node).sync();
  actors::vstack::directory listed;
  listed[7] = {42, 1000, {node}, 0, sim::time_point{0}, false};
  listed[8] = {43, 1000, {node}, 0, sim::time_point{0}, false};
  actors::vstack::manager_stats manager;
  manager.live = &listed;
  manager.reconciled = true;
  auto result = scenarios::vstack::directory_agrees_with_nodes(manager, engine);
  REQUIRE_FALSE(result.passed);
  REQUIRE(result.violations.size() == 1);
  CHECK(result.violations[0] == "chunk 8: the directory lists node-0, which does not hold it");
  manager.reconciled = false; // still rebuilding: nothing to hold it to yet
  CHECK(scenarios::vstack::directory_agrees_with_nodes(manager, engine).passed);
}

TEST_CASE("storage nodes under memory pressure shed reads they cannot buffer, and only then",
          "[scenarios][vstack]") {
  // Nodes keep 2% of their read buffers (5 MiB, two chunks) from 20 s to 100 s.
  const std::string pressure = "from 20s to 100s memory 2% node nodes";
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    CAPTURE(seed);
    harness::run_spec spec;
    spec.scenario = "vstack-benchmark";
    spec.seed = seed;
    auto calm = test::run(spec);
    spec.faults = pressure;
    auto squeezed = test::run(spec);
    CHECK(calm.passed());
    CHECK(squeezed.passed()); // shedding, not failing: every invariant holds
    CHECK(metric(calm, "node_reads_shed_memory") == 0);
    CHECK(metric(squeezed, "node_reads_shed_memory") > 100);
    CHECK(metric(squeezed, "throughput") < metric(calm, "throughput"));
  }
}

TEST_CASE("startup reads sent first by the nodes, with no prefetch beside them, halve smart startup on 20 seeds",
          "[scenarios][vstack]") {
  // The model's limit on startup is queueing: a first chunk waits behind prefetch on the
  // node's NIC and the client's downlink. Two real mechanisms remove it.
  double smart = 0, naive = 0;
  int smart_better = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    harness::run_spec spec;
    spec.scenario = "vstack-compare";
    spec.seed = seed;
    spec.parameters = {"startup_priority=true", "startup_focus=true"};
    auto outcome = test::run(spec);
    CAPTURE(seed);
    REQUIRE(outcome.passed());
    smart += metric(outcome, "smart_startup_mean");
    naive += metric(outcome, "naive_startup_mean");
    smart_better += metric(outcome, "smart_startup_mean") < metric(outcome, "naive_startup_mean");
  }
  CAPTURE(smart / 20, naive / 20);
  CHECK(smart_better == 20);      // measured: 20 of 20
  CHECK(smart < 0.5 * naive);     // measured: 0.203 s against 0.626 s on the mean
}
