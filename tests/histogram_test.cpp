// tests/histogram_test.cpp: quantiles within the promised relative error.
#include "detsim/sim/histogram.hpp"
#include "detsim/sim/time_series.hpp"

#include <catch2/catch.hpp>

using namespace detsim;

TEST_CASE("quantiles of a uniform range are within one percent", "[sim][histogram]") {
  sim::histogram h;
  for (std::int64_t v = 1; v <= 100000; ++v)
    h.record(v * 1000);
  CHECK(h.count() == 100000);
  auto near = [](std::int64_t got, double want) { return std::abs(got - want) / want < 0.01; };
  CHECK(near(h.quantile(0.5), 50'000'000));
  CHECK(near(h.quantile(0.99), 99'000'000));
  CHECK(near(h.quantile(0.999), 99'900'000));
  CHECK(h.max() == 100'000'000);
}

TEST_CASE("small values are exact and histograms merge by adding", "[sim][histogram]") {
  sim::histogram a, b;
  for (int i = 0; i < 100; ++i)
    a.record(7);
  b.record(100);
  a.merge(b);
  CHECK(a.count() == 101);
  CHECK(a.quantile(0.5) == 7);
  CHECK(a.quantile(1.0) == 100);
  CHECK(sim::histogram{}.quantile(0.5) == 0);
}

TEST_CASE("a weighted sample counts as that many samples", "[sim][histogram]") {
  sim::histogram weighted;
  weighted.record(10, 90);
  weighted.record(1000, 10);
  weighted.record(5, 0); // no weight, no sample
  CHECK(weighted.count() == 100);
  CHECK(weighted.quantile(0.5) == 10);
  CHECK(weighted.quantile(0.95) >= 1000);
  CHECK(weighted.quantile(0.95) <= 1010);
}

TEST_CASE("a histogram counts the samples at or below a value and sums them within 1%",
          "[sim][histogram]") {
  sim::histogram h;
  for (std::int64_t v = 1; v <= 10000; ++v)
    h.record(v);
  CHECK(h.count_at_most(0) == 0);
  CHECK(h.count_at_most(100) == 100);
  auto half = h.count_at_most(5000);
  CHECK(half >= 5000);
  CHECK(half <= 5050);
  CHECK(h.approximate_sum() == Approx(10000.0 * 10001 / 2).epsilon(0.01));
}

TEST_CASE("a time series keeps its bucket count bounded by widening its buckets",
          "[sim][histogram]") {
  sim::time_series series{sim::duration{10}, 8};
  for (std::int64_t t = 0; t < 1000; ++t)
    series.add(sim::time_point{t}, 1);
  CHECK(series.counts().size() <= 8);
  CHECK(series.bucket() == sim::duration{160}); // 10 doubled four times covers 1,000
  std::uint64_t total = 0;
  for (auto c : series.counts())
    total += c;
  CHECK(total == 1000);
  CHECK(series.counts().front() == 160);
}
