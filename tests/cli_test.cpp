// tests/cli_test.cpp: the detsim program as a user meets it: exit codes and one-line
// errors for bad input, and a run -> replay round trip.
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace detsim;

namespace {

std::pair<int, std::string> run_detsim(const std::string& args) {
  return test::shell(std::string(DETSIM_BINARY) + " " + args);
}

int line_count(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

} // namespace

TEST_CASE("bad input gives exit 2 and one line naming the problem", "[cli]") {
  struct bad_case {
    const char* args;
    const char* message;
  };
  for (auto c : {bad_case{"run nosuch", "unknown scenario 'nosuch' (known: swarm"},
                 bad_case{"run swarm --seed abc", "--seed 'abc' is not a decimal unsigned"},
                 bad_case{"run swarm --seed 0x10", "--seed '0x10' is not a decimal"},
                 bad_case{"run swarm --seed ' 5'", "is not a decimal"},
                 bad_case{"run swarm --param agents=x", "parameter 'agents': 'x' is not an integer"},
                 bad_case{"run swarm --param duration=10", "is not a duration"},
                 bad_case{"run swarm --param bogus=1", "unknown parameter 'bogus'"},
                 bad_case{"run swarm --faults 'at 1s crsh x'", "line 1 column 7: unknown action"},
                 bad_case{"run swarm --param agents=5 --faults 'at 1s kill nobody'", "'nobody' names no node"},
                 bad_case{"run swarm --chaos kill=1", "unknown key 'kill'"},
                 bad_case{"run swarm --trace-level all", "--trace-level 'all'"},
                 bad_case{"replay /nonexistent.zst", "cannot read trace"},
                 bad_case{"run swarm --bogus", "unrecognised option"},
                 bad_case{"frobnicate", "unknown command 'frobnicate'"}}) {
    CAPTURE(c.args);
    auto [rc, output] = run_detsim(c.args);
    CHECK(rc == 2);
    CHECK_THAT(output, Catch::Contains(c.message));
    CHECK(line_count(output) == 1);
  }
}

TEST_CASE("run, then replay, then dump, from the command line", "[cli]") {
  auto trace = test::temp_path("cli.zst");
  auto [rc, output] = run_detsim("run swarm --seed 7 --param agents=50 --param resources=5 "
                             "--param duration=300ms --no-progress --trace " + trace);
  CHECK(rc == 0);
  CHECK_THAT(output, Catch::Contains("verdict: PASS"));
  CHECK_THAT(output, Catch::Contains("reproduce: " DETSIM_BINARY " run swarm --seed 7 --param agents=50"));
  auto [replay_rc, replay_out] = run_detsim("replay " + trace);
  CHECK(replay_rc == 0);
  CHECK_THAT(replay_out, Catch::Contains("identical:"));
  auto [dump_rc, dump_out] = run_detsim("replay --dump --format jsonl " + trace + " | head -3");
  CHECK(dump_rc == 0);
  CHECK_THAT(dump_out, Catch::StartsWith("{\"index\":0,"));
  std::remove(trace.c_str());
}

TEST_CASE("a broken resource makes run exit 1 with the reproduce line", "[cli]") {
  auto [rc, output] = run_detsim("run swarm --seed 3 --param agents=40 --param resources=4 "
                             "--param duration=300ms --param lease_check=false --no-progress");
  CHECK(rc == 1);
  CHECK_THAT(output, Catch::Contains("exclusive-lease                  FAIL"));
  CHECK_THAT(output, Catch::Contains("reproduce: " DETSIM_BINARY " run swarm --seed 3"));
  CHECK_THAT(output, Catch::Contains("lease_check=false"));
}

TEST_CASE("a corrupt trace gives one line and exit 2", "[cli]") {
  auto trace = test::temp_path("corrupt.zst");
  test::write_file(trace, std::string("\x28\xb5\x2f\xfd garbage garbage garbage", 28));
  auto [rc, output] = run_detsim("replay " + trace);
  CHECK(rc == 2);
  CHECK(line_count(output) == 1);
  std::remove(trace.c_str());
}

TEST_CASE("a run over its step budget stops there and exits 3", "[cli]") {
  auto [rc, output] = run_detsim("run swarm --seed 1 --param agents=100 --param duration=5s "
                             "--max-steps 5000 --no-progress");
  CHECK(rc == 3);
  CHECK_THAT(output, Catch::Contains("steps                                  5000"));
  CHECK_THAT(output, Catch::Contains("verdict: FAIL (time budget exceeded)"));
}

TEST_CASE("a seed with a leading zero is decimal, not octal", "[cli]") {
  auto [rc, output] = run_detsim("run swarm --seed 010 --no-progress --param agents=5 "
                                 "--param resources=2 --param duration=50ms");
  CHECK(rc == 0);
  CHECK(output.find("seed 10\n") != std::string::npos);
}

TEST_CASE("hostile input on every path is one line and exit 2", "[cli]") {
  auto trace = test::temp_path("hostile.zst");
  auto joined = test::temp_path("joined.zst");
  auto dir = test::temp_path("hostile-campaign");
  std::filesystem::remove_all(dir);
  test::shell(std::string(DETSIM_BINARY) + " run swarm --param agents=5 --param resources=2 "
              "--param duration=50ms --no-progress --trace " + trace);
  test::shell("cat " + trace + " " + trace + " > " + joined);
  struct bad_case {
    std::string args;
    const char* message;
  };
  for (const auto& c : std::vector<bad_case>{
         {"run swarm --chaos kill-rate=1e12/s", "would draw ~1e+13 faults (at most 100000)"},
         {"run swarm --param updates_per_lease=4294967297", "between 1 and 1000"},
         {"run swarm --param 'agents= 5'", "is not an integer"},
         {"run vstack-compare --param disk_mbps=inf", "is not a finite number"},
         {"run vstack-compare --param disk_mbps=1e-300", "between 0.001 and 10000000"},
         {"run swarm --param latency=9223372036.9s", "is not a duration"},
         {"run swarm --max-wall nan", "--max-wall 'nan' is not a number"},
         {"run swarm --max-steps -1", "--max-steps '-1' is not a decimal"},
         {"run swarm --faults /tmp", "not a regular file"},
         {"run swarm --faults nosuch.plan", "no such plan file"},
         {"replay /dev/zero", "not a regular file"},
         {"replay " + joined, "bytes after the footer"},
         {"list bogus", "too many positional options"},
         {"campaign swarm --seeds 1..2 --out ''", "--out needs a directory"},
         {"campaign swarm --seeds 0..18446744073709551615 --out " + dir, "more than"},
         {"campaign swarm --seeds 1..2 --jobs 0 --out " + dir, "--jobs 0 is not between 1 and 1024"}}) {
    CAPTURE(c.args);
    bool runs = c.args.rfind("run", 0) == 0 || c.args.rfind("campaign", 0) == 0;
    auto [rc, output] = run_detsim(c.args + (runs ? " --no-progress" : ""));
    CHECK(rc == 2);
    CHECK_THAT(output, Catch::Contains(c.message));
    CHECK(line_count(output) == 1);
  }
}
