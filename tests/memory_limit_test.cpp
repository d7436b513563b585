// tests/memory_limit_test.cpp: runs and replays are refused, naming the parameter and the
// estimate, when their scenario's memory estimate exceeds --max-memory, before anything
// is allocated for them; sizes parse strictly.
#include "detsim/harness/memory_limit.hpp"
#include "detsim/replays/trace_writer.hpp"
#include "detsim/sim/numbers.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <sys/resource.h>

namespace {

long peak_resident_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

} // namespace

TEST_CASE("sizes are a decimal number and a binary unit", "[sim][numbers]") {
  CHECK(sim::parse_size("512M") == 512ull << 20);
  CHECK(sim::parse_size("2GiB") == 2ull << 30);
  CHECK(sim::parse_size("1.5G") == 3ull << 29);
  CHECK(sim::parse_size("800KB") == 800ull << 10);
  CHECK(sim::parse_size("4096") == 4096u);
  for (auto bad : {"", "G", "-1G", "1e3M", "12X", "1.5.2G", "8 G", "16777216T", "nanG"})
    CHECK_FALSE(sim::parse_size(bad));
  CHECK(sim::format_size(3ull << 29) == "1.5 GiB");
  CHECK(sim::format_size(512) == "512 B");
}

TEST_CASE("a memory estimate names its largest term", "[runtime]") {
  auto estimate = runtime::memory_estimate::of(1000, {{"agents", 10, 100}, {"resources", 5, 1000}});
  CHECK(estimate.bytes == 1000 + 1000 + 5000);
  CHECK(estimate.driven_by == "resources=5");
  CHECK(runtime::memory_estimate{}.bytes == 0); // a scenario that does not estimate
}

TEST_CASE("a run over --max-memory is refused naming the parameter, and runs under it",
          "[cli][memory]") {
  auto [refused, message] = test::shell(std::string(DETSIM_BINARY) +
                                        " run swarm --param agents=10000000 --max-memory 1G");
  CHECK(refused == 2);
  CHECK(message.find("agents=10000000 needs an estimated") != std::string::npos);
  CHECK(message.find("1.0 GiB") != std::string::npos);
  CHECK(std::count(message.begin(), message.end(), '\n') == 1);
  auto [ran, output] = test::shell(std::string(DETSIM_BINARY) +
                                   " run swarm --param agents=1000 --param duration=50ms"
                                   " --max-memory 1G");
  CHECK(ran == 0);
}

TEST_CASE("the default limit refuses ten million agents on any machine under 80 GB",
          "[cli][memory]") {
  auto limit = harness::default_memory_limit();
  auto [code, message] = test::shell(std::string(DETSIM_BINARY) + " run swarm --param agents=10000000");
  if (limit.bytes < (40ull << 30)) {
    CHECK(code == 2);
    CHECK(message.find(limit.source) != std::string::npos);
  }
}

TEST_CASE("a trace whose header asks for too much memory is refused before its run is built",
          "[replays][memory]") {
  replays::trace_header header;
  header.detsim_version = harness::detsim_version();
  header.program = "detsim";
  header.scenario = "swarm";
  header.parameters = {{"agents", "10000000"}};
  auto path = test::temp_path("huge-header.zst");
  {
    replays::trace_writer writer{path, header};
    writer.close();
  }
  auto before = peak_resident_kb();
  CHECK_THROWS_WITH(harness::replay_trace(scenarios::builtin_registry(), path, {}, nullptr, 1ull << 30),
                    Catch::Contains("agents=10000000 needs an estimated"));
  CHECK(peak_resident_kb() - before < 200 * 1024); // well under the ~1.8 GB it once took
  std::remove(path.c_str());
}
