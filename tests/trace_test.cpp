// tests/trace_test.cpp: trace files round-trip, and bad files give clean errors.
#include "detsim/replays/trace_diff.hpp"
#include "detsim/replays/trace_reader.hpp"
#include "detsim/replays/trace_writer.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

using namespace detsim;

namespace {

replays::trace_header sample_header(sim::trace_level level) {
  replays::trace_header h;
  h.detsim_version = "test";
  h.scenario = "swarm";
  h.parameters = {{"agents", "3"}};
  h.seed = 99;
  h.faults = "at 1s kill a\n";
  h.level = level;
  return h;
}

std::vector<sim::trace_event> sample_events(std::size_t count, sim::trace_level level) {
  std::vector<sim::trace_event> events;
  sim::rng r{5};
  std::int64_t t = 0;
  for (std::size_t i = 0; i < count; ++i) {
    sim::trace_event e;
    e.step = i;
    t += static_cast<std::int64_t>(r.below(5000));
    e.time = sim::time_point{t};
    e.kind = static_cast<sim::event_kind>(r.below(sim::event_kind_count));
    e.target = static_cast<std::uint32_t>(r.below(100));
    e.source = r.chance(0.5) ? e.target : static_cast<std::uint32_t>(r.below(100));
    e.type = static_cast<std::uint32_t>(r.below(6));
    e.payload = r.next();
    events.push_back(e.masked(level));
  }
  return events;
}

std::string write_sample(const std::string& name, std::size_t count, sim::trace_level level) {
  auto path = test::temp_path(name);
  replays::trace_writer writer{path, sample_header(level)};
  writer.on_name(false, 0, "node-0");
  writer.on_name(true, 1, "type-1");
  for (auto& e : sample_events(count, level))
    writer.on_event(e);
  writer.close();
  return path;
}

std::string read_error(const std::string& path) {
  try {
    replays::trace_reader reader{path};
    sim::trace_event e;
    while (reader.next(e)) {
    }
  } catch (const sim::input_error& e) {
    return e.what();
  }
  return "";
}

} // namespace

TEST_CASE("a trace round-trips its header, names and events at every level", "[replays][trace]") {
  for (auto level : {sim::trace_level::schedule, sim::trace_level::events,
                     sim::trace_level::payloads}) {
    CAPTURE(sim::to_string(level));
    auto path = write_sample("roundtrip.zst", 150000, level);
    replays::trace_reader reader{path};
    CHECK(reader.header().scenario == "swarm");
    CHECK(reader.header().seed == 99);
    CHECK(reader.header().parameters.at("agents") == "3");
    CHECK(reader.header().level == level);
    auto expected = sample_events(150000, level);
    sim::trace_event e;
    std::size_t i = 0;
    while (reader.next(e)) {
      REQUIRE(i < expected.size());
      REQUIRE(e == expected[i]);
      ++i;
    }
    CHECK(i == expected.size());
    CHECK(reader.node_name(0) == "node-0");
    CHECK(reader.type_name(1) == "type-1");
    std::remove(path.c_str());
  }
}

TEST_CASE("names announced mid-run are read with the events that follow them", "[replays][trace]") {
  // The writer hands events over in batches and frames of 64 Ki events: names announced
  // between events, at any of those boundaries or inside one, stay in order with them.
  auto path = test::temp_path("midnames.zst");
  auto events = sample_events(200000, sim::trace_level::events);
  std::uint64_t digest = sim::digest_seed;
  {
    replays::trace_writer writer{path, sample_header(sim::trace_level::events)};
    for (std::size_t i = 0; i < events.size(); ++i) {
      if (i % 16384 == 0 || i % 50000 == 7)
        writer.on_name(false, static_cast<std::uint32_t>(1000 + i), "node-at-" + std::to_string(i));
      writer.on_event(events[i]);
      digest = sim::digest_step(digest, events[i]);
    }
    writer.on_name(true, 9, "type-after-the-last-event");
    writer.close();
  }
  replays::trace_reader reader{path};
  sim::trace_event e;
  std::size_t read = 0;
  while (reader.next(e))
    REQUIRE(e == events[read++]);
  CHECK(read == events.size());
  CHECK(reader.final_digest() == digest);
  for (std::size_t i : {0, 16384, 50007, 65536, 131072, 196608})
    CHECK(reader.node_name(static_cast<std::uint32_t>(1000 + i)) == "node-at-" + std::to_string(i));
  CHECK(reader.type_name(9) == "type-after-the-last-event");
  std::remove(path.c_str());
}

TEST_CASE("a missing, foreign or truncated trace is a one-line error", "[replays][trace]") {
  using Catch::Contains;
  CHECK_THAT(read_error("/nonexistent/trace.zst"), Contains("cannot read trace"));
  auto foreign = test::temp_path("foreign.zst");
  test::write_file(foreign, "hello, this is not a trace");
  CHECK_THAT(read_error(foreign), Contains("not a detsim trace"));
  auto path = write_sample("cut.zst", 200000, sim::trace_level::events);
  auto data = test::read_file(path);
  test::write_file(path, data.substr(0, data.size() * 2 / 3));
  CHECK_THAT(read_error(path), Contains("truncated after"));
  test::write_file(path, data.substr(0, 20));
  CHECK_THAT(read_error(path), Contains("truncated"));
  std::remove(path.c_str());
  std::remove(foreign.c_str());
}

TEST_CASE("a flipped byte inside a frame is reported as corruption", "[replays][trace]") {
  auto path = write_sample("flip.zst", 100000, sim::trace_level::events);
  auto data = test::read_file(path);
  data[data.size() / 2] ^= 0x40;
  test::write_file(path, data);
  auto error = read_error(path);
  CHECK_FALSE(error.empty());
  CHECK(error.find('\n') == std::string::npos);
  std::remove(path.c_str());
}

TEST_CASE("a trace of another format version is refused by name", "[replays][trace]") {
  auto path = test::temp_path("version.zst");
  auto header = sample_header(sim::trace_level::events);
  header.format_version = 99;
  {
    replays::trace_writer writer{path, header};
    writer.close();
  }
  CHECK_THAT(read_error(path), Catch::Contains("trace format version 99 is not supported"));
  std::remove(path.c_str());
}

TEST_CASE("two traces are compared event by event to their first difference", "[replays][trace]") {
  auto first = write_sample("diff-a.zst", 5000, sim::trace_level::events);
  auto second = write_sample("diff-b.zst", 5000, sim::trace_level::events);
  CHECK_FALSE(replays::first_difference(first, second));
  auto shorter = write_sample("diff-c.zst", 4000, sim::trace_level::events);
  auto difference = replays::first_difference(first, shorter);
  REQUIRE(difference);
  CHECK(difference->index == 4000);
  CHECK(difference->second == "(end of trace)");
  for (auto& path : {first, second, shorter})
    std::remove(path.c_str());
}
