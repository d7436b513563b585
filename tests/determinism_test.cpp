// tests/determinism_test.cpp: same seed, same run (in-process and across processes);
// different seeds, different runs.
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace detsim;

TEST_CASE("the same seed gives the same digest, twenty seeds over", "[determinism]") {
  auto seed = GENERATE(range(1, 21));
  CAPTURE(seed);
  auto spec = test::small_swarm(static_cast<std::uint64_t>(seed));
  spec.chaos = "kill-rate=4/s,loss=0.02,partition-rate=2/s,latency-spike=2/s";
  auto first = test::run(spec);
  auto second = test::run(spec);
  CHECK(first.stats.events > 1000);
  CHECK(first.stats.digest == second.stats.digest);
  CHECK(first.stats.events == second.stats.events);
}

TEST_CASE("different seeds give different runs", "[determinism]") {
  std::set<std::uint64_t> digests;
  for (std::uint64_t seed = 1; seed <= 10; ++seed)
    digests.insert(test::run(test::small_swarm(seed)).stats.digest);
  CHECK(digests.size() == 10);
}

TEST_CASE("two processes write byte-identical trace files for one seed", "[determinism]") {
  auto a = test::temp_path("proc-a.zst");
  auto b = test::temp_path("proc-b.zst");
  std::string args = " run swarm --seed 5 --param agents=80 --param resources=8 "
                     "--param duration=400ms --chaos kill-rate=3/s,loss=0.01 --no-progress ";
  auto [rc_a, out_a] = test::shell(std::string(DETSIM_BINARY) + args + "--trace " + a);
  auto [rc_b, out_b] = test::shell(std::string(DETSIM_BINARY) + args + "--trace " + b);
  REQUIRE(rc_a == 0);
  REQUIRE(rc_b == 0);
  auto bytes_a = test::read_file(a);
  CHECK(bytes_a.size() > 1000);
  CHECK(bytes_a == test::read_file(b));
  std::remove(a.c_str());
  std::remove(b.c_str());
}
