// sim/time_series.hpp: counts per time bucket, for charts over a run of any length: at
// most `max_buckets` of them; when a run outgrows them, neighbours merge and each bucket
// covers twice the time, so memory stays flat however long the run.
#pragma once

#include "detsim/sim/time.hpp"

#include <cstdint>
#include <vector>

namespace detsim::sim {

class time_series {
public:
  explicit time_series(duration bucket = duration{100'000'000}, std::size_t max_buckets = 4096)
    : bucket_(bucket), max_buckets_(max_buckets < 2 ? 2 : max_buckets) {}

  void add(time_point at, std::uint64_t count) {
    if (at.count() < 0)
      return;
    auto index = static_cast<std::size_t>(at / bucket_);
    while (index >= max_buckets_) {
      merge_pairs();
      index = static_cast<std::size_t>(at / bucket_);
    }
    if (index >= counts_.size())
      counts_.resize(index + 1, 0);
    counts_[index] += count;
  }

  duration bucket() const { return bucket_; }
  const std::vector<std::uint64_t>& counts() const { return counts_; }

private:
  void merge_pairs() {
    std::vector<std::uint64_t> merged((counts_.size() + 1) / 2, 0);
    for (std::size_t i = 0; i < counts_.size(); ++i)
      merged[i / 2] += counts_[i];
    counts_ = std::move(merged);
    bucket_ *= 2;
  }

  duration bucket_;
  std::size_t max_buckets_;
  std::vector<std::uint64_t> counts_;
};

} // namespace detsim::sim
