// tests/replay_test.cpp: replay verifies a fresh trace and pinpoints a tampered event.
#include "detsim/replays/perfetto_export.hpp"
#include "detsim/replays/trace_reader.hpp"
#include "detsim/replays/trace_writer.hpp"
#include "detsim/scenarios/builtin.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

using namespace detsim;

namespace {

std::string record(const std::string& name, sim::trace_level level, std::uint64_t seed = 3) {
  auto spec = test::small_swarm(seed);
  spec.chaos = "kill-rate=3/s,loss=0.01";
  spec.level = level;
  spec.trace_path = test::temp_path(name);
  auto outcome = test::run(spec);
  REQUIRE(outcome.passed());
  return spec.trace_path;
}

} // namespace

TEST_CASE("a fresh trace replays identically at every level", "[replays]") {
  for (auto level : {sim::trace_level::schedule, sim::trace_level::events,
                     sim::trace_level::payloads}) {
    CAPTURE(sim::to_string(level));
    auto path = record("fresh.zst", level);
    auto result = harness::replay_trace(scenarios::builtin_registry(), path);
    CHECK_FALSE(result.divergence);
    CHECK(result.compared == result.outcome.stats.events);
    std::remove(path.c_str());
  }
}

TEST_CASE("replay names the first tampered event and the ten before it", "[replays]") {
  auto path = record("tamper.zst", sim::trace_level::events);
  const std::uint64_t index = 1234;
  auto bad = test::tamper(path, index, [](sim::trace_event& e) { e.target += 1; });
  auto result = harness::replay_trace(scenarios::builtin_registry(), bad);
  REQUIRE(result.divergence);
  CHECK(result.divergence->index == index);
  CHECK(result.divergence->before.size() == 10);
  CHECK(result.divergence->expected != result.divergence->actual);
  CHECK_THAT(result.divergence->before.back(), Catch::StartsWith("#1233 "));
  std::remove(path.c_str());
  std::remove(bad.c_str());
}

TEST_CASE("a trace with an event too many or too few diverges at its end", "[replays]") {
  auto path = record("short.zst", sim::trace_level::schedule);
  auto bad = test::tamper(path, 500, [](sim::trace_event& e) { e.time += sim::duration{1}; });
  auto result = harness::replay_trace(scenarios::builtin_registry(), bad);
  REQUIRE(result.divergence);
  CHECK(result.divergence->index == 500);
  std::remove(path.c_str());
  std::remove(bad.c_str());
}

TEST_CASE("replay of a truncated trace is an input error", "[replays]") {
  auto path = record("cut.zst", sim::trace_level::events);
  auto data = test::read_file(path);
  test::write_file(path, data.substr(0, data.size() / 2));
  CHECK_THROWS_WITH(harness::replay_trace(scenarios::builtin_registry(), path),
                    Catch::Contains("truncated"));
  std::remove(path.c_str());
}

TEST_CASE("a perfetto export is valid JSON with node tracks and matched message arrows",
          "[replays][export]") {
  auto path = record("export.zst", sim::trace_level::events);
  replays::perfetto_export timeline{sim::time_point{0}, sim::time_point::max()};
  auto result = harness::replay_trace(scenarios::builtin_registry(), path, {&timeline}, &timeline);
  REQUIRE_FALSE(result.divergence);
  auto doc = nlohmann::json::parse(timeline.json());
  std::map<std::string, int> phases;
  std::map<std::uint64_t, int> flow_ends;
  std::set<std::string> tracks;
  for (auto& e : doc.at("traceEvents")) {
    auto ph = e.at("ph").get<std::string>();
    ++phases[ph];
    if (ph == "s" || ph == "f")
      flow_ends[e.at("id").get<std::uint64_t>()] += ph == "s" ? 1 : 10;
    if (ph == "M" && e.at("name") == "thread_name")
      tracks.insert(e.at("args").at("name").get<std::string>());
  }
  CHECK(tracks.count("resource-0") == 1);
  CHECK(tracks.count("agent-59") == 1);
  CHECK(phases["X"] > 1000);
  CHECK(phases["s"] > 100);
  CHECK(phases["s"] == phases["f"]);
  for (auto& [id, ends] : flow_ends)
    REQUIRE(ends == 11); // every arrow has one start and one end
  std::remove(path.c_str());
}
