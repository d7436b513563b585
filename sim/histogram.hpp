// sim/histogram.hpp: an integer log-linear latency histogram (HdrHistogram's bucket
// scheme): fixed relative error under 1%, deterministic, merges exactly by adding counts.
#pragma once

#include <array>
#include <cstdint>

namespace detsim::sim {

class histogram {
public:
  void record(std::int64_t value) { record(value, 1); }
  /// Records `value` `weight` times (a run of equal samples, or time spent at a value).
  void record(std::int64_t value, std::uint64_t weight);
  void merge(const histogram& other);

  std::uint64_t count() const { return count_; }
  std::int64_t max() const { return max_; }
  /// The value at quantile q in [0, 1] (an upper bucket bound, within 1%).
  std::int64_t quantile(double q) const;
  /// Samples at or below `value` (counting the whole bucket `value` falls in: within 1%).
  std::uint64_t count_at_most(std::int64_t value) const;
  /// The sum of all samples, from bucket midpoints (within 1%).
  double approximate_sum() const;

private:
  static constexpr int sub_bits = 8;
  static constexpr int sub_count = 1 << sub_bits;
  static constexpr int bucket_count = (64 - sub_bits + 1) * sub_count;

  static std::size_t index_of(std::uint64_t value);
  static std::uint64_t upper_bound_of(std::size_t index);

  std::array<std::uint64_t, bucket_count> counts_{};
  std::uint64_t count_ = 0;
  std::int64_t max_ = 0;
};

} // namespace detsim::sim
