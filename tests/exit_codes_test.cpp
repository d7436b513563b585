// tests/exit_codes_test.cpp: every exit code in harness/exit_codes.hpp has a row in the
// README's table, and a command that takes that path exits with it (input errors: each
// with one line on stderr). cli_test.cpp covers the many inputs behind code 2.
#include "detsim/harness/exit_codes.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <regex>

namespace {

std::pair<int, std::string> detsim_cli(const std::string& args) {
  bool run = args.rfind("run ", 0) == 0;
  return test::shell(std::string(DETSIM_BINARY) + " " + args + (run ? " --no-progress" : ""));
}

const std::string tiny_swarm = "run swarm --param agents=5 --param resources=2 --param duration=100ms";

} // namespace

TEST_CASE("the README's exit code table lists exactly the codes detsim uses", "[cli]") {
  auto readme = test::read_file(DETSIM_SOURCE_DIR "/README.md");
  std::regex row{R"(\n\| ([0-9]+) \| )"};
  std::vector<int> listed;
  for (std::sregex_iterator i{readme.begin(), readme.end(), row}, end; i != end; ++i)
    listed.push_back(std::stoi((*i)[1].str()));
  CHECK(listed == std::vector<int>{harness::exit_pass, harness::exit_invariant, harness::exit_usage,
                                   harness::exit_liveness, harness::exit_divergence,
                                   harness::exit_internal});
}

TEST_CASE("exit 0: a passing run and an identical replay", "[cli]") {
  auto trace = test::temp_path("exit0.zst");
  CHECK(detsim_cli(tiny_swarm + " --trace " + trace).first == harness::exit_pass);
  CHECK(detsim_cli("replay " + trace).first == harness::exit_pass);
  std::remove(trace.c_str());
}

TEST_CASE("exit 1: a violated invariant", "[cli]") {
  auto [code, output] = detsim_cli(tiny_swarm + " --param persist=false "
                                   "--faults 'at 30ms kill resource-0; at 40ms restart resource-0'");
  CHECK(code == harness::exit_invariant);
  CHECK_THAT(output, Catch::Contains("reproduce:"));
}

TEST_CASE("exit 2: usage and input errors are one line", "[cli]") {
  for (std::string args : {std::string("frobnicate"), std::string("run nosuch"),
                           tiny_swarm + " --max-memory 1K",
                           std::string("replay /nonexistent/trace.zst")}) {
    CAPTURE(args);
    auto [code, output] = detsim_cli(args);
    CHECK(code == harness::exit_usage);
    CHECK_THAT(output, !Catch::Contains("unrecognised option"));
    CHECK(std::count(output.begin(), output.end(), '\n') == 1);
  }
}

TEST_CASE("exit 3: a step budget that runs out", "[cli]") {
  CHECK(detsim_cli(tiny_swarm + " --max-steps 100").first == harness::exit_liveness);
}

TEST_CASE("exit 4: a replay that diverges", "[cli]") {
  auto trace = test::temp_path("exit4.zst");
  REQUIRE(detsim_cli(tiny_swarm + " --trace " + trace).first == harness::exit_pass);
  auto tampered = test::tamper(trace, 10, [](sim::trace_event& e) { e.target += 1; });
  auto [code, output] = detsim_cli("replay " + tampered);
  CHECK(code == harness::exit_divergence);
  CHECK_THAT(output, Catch::Contains("DIVERGED at event 10"));
  std::remove(trace.c_str());
  std::remove(tampered.c_str());
}

TEST_CASE("exit 5: an output that cannot be written", "[cli]") {
  auto [code, output] = detsim_cli(tiny_swarm + " --trace /dev/full");
  CHECK(code == harness::exit_internal);
  CHECK_THAT(output, Catch::Contains("cannot write trace '/dev/full'"));
}
