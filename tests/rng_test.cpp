// tests/rng_test.cpp: the PRNG's known answers, stream independence and distributions.
#include "detsim/sim/rng.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace detsim;

TEST_CASE("splitmix64 matches the reference output for seed 0", "[sim][rng]") {
  std::uint64_t state = 0;
  CHECK(sim::splitmix64(state) == 0xe220a8397b1dcdafULL);
}

TEST_CASE("a seeded stream produces its pinned sequence", "[sim][rng]") {
  sim::rng r{42};
  CHECK(r.next() == 0x15780b2e0c2ec716ULL);
  CHECK(r.next() == 0x6104d9866d113a7eULL);
  CHECK(r.next() == 0xae17533239e499a1ULL);
}

TEST_CASE("a derived stream and the stable hash are pinned", "[sim][rng]") {
  CHECK(sim::stable_hash("resource-3") == 0xc031ee775a472781ULL);
  auto r = sim::rng::derive(42, "agent-1");
  CHECK(r.below(1000) == 546);
  CHECK(r.below(1000) == 252);
  CHECK(r.below(1000) == 996);
}

TEST_CASE("drawing from one named stream does not shift another", "[sim][rng]") {
  auto a1 = sim::rng::derive(7, "agent-1");
  auto b1 = sim::rng::derive(7, "agent-2");
  std::vector<std::uint64_t> quiet;
  for (int i = 0; i < 5; ++i)
    quiet.push_back(b1.next());
  auto a2 = sim::rng::derive(7, "agent-1");
  auto b2 = sim::rng::derive(7, "agent-2");
  for (int i = 0; i < 1000; ++i)
    a2.next();
  for (int i = 0; i < 5; ++i)
    CHECK(b2.next() == quiet[i]);
  CHECK(a1.next() != sim::rng::derive(7, "agent-2").next());
}

TEST_CASE("below stays in range and is roughly uniform", "[sim][rng]") {
  sim::rng r{1};
  std::vector<int> counts(10, 0);
  for (int i = 0; i < 100000; ++i) {
    auto v = r.below(10);
    REQUIRE(v < 10);
    ++counts[v];
  }
  for (int c : counts)
    CHECK(std::abs(c - 10000) < 500);
}

TEST_CASE("chance, exponential and normal have the right moments", "[sim][rng]") {
  sim::rng r{3};
  const int n = 200000;
  int hits = 0;
  double exp_sum = 0, norm_sum = 0, norm_sq = 0;
  for (int i = 0; i < n; ++i) {
    hits += r.chance(0.25);
    exp_sum += r.exponential(2.0);
    auto x = r.normal(5.0, 2.0);
    norm_sum += x;
    norm_sq += x * x;
  }
  CHECK(std::abs(hits / double(n) - 0.25) < 0.005);
  CHECK(std::abs(exp_sum / n - 2.0) < 0.03);
  auto mean = norm_sum / n;
  CHECK(std::abs(mean - 5.0) < 0.02);
  CHECK(std::abs(std::sqrt(norm_sq / n - mean * mean) - 2.0) < 0.02);
}

TEST_CASE("pareto and lognormal respect their supports", "[sim][rng]") {
  sim::rng r{9};
  for (int i = 0; i < 10000; ++i) {
    CHECK(r.pareto(3.0, 1.5) >= 3.0);
    CHECK(r.lognormal(0.0, 1.0) > 0.0);
  }
  CHECK(r.chance(0.0) == false);
  CHECK(r.chance(1.0) == true);
}
