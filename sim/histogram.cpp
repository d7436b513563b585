// sim/histogram.cpp: bucket arithmetic for the log-linear histogram.
#include "detsim/sim/histogram.hpp"

#include <algorithm>

namespace detsim::sim {

std::size_t histogram::index_of(std::uint64_t value) {
  if (value < sub_count)
    return static_cast<std::size_t>(value);
  int magnitude = 63 - __builtin_clzll(value); // >= sub_bits
  int shift = magnitude - sub_bits + 1;
  auto sub = static_cast<std::size_t>(value >> shift); // in [sub_count/2, sub_count)
  return static_cast<std::size_t>(shift) * (sub_count / 2) + sub;
}

std::uint64_t histogram::upper_bound_of(std::size_t index) {
  if (index < static_cast<std::size_t>(sub_count))
    return index;
  std::size_t shift = (index - sub_count / 2) / (sub_count / 2);
  std::size_t sub = index - shift * (sub_count / 2);
  return ((static_cast<std::uint64_t>(sub) + 1) << shift) - 1;
}

void histogram::record(std::int64_t value, std::uint64_t weight) {
  if (weight == 0)
    return;
  auto v = static_cast<std::uint64_t>(std::max<std::int64_t>(value, 0));
  counts_[index_of(v)] += weight;
  count_ += weight;
  max_ = std::max(max_, static_cast<std::int64_t>(v));
}

void histogram::merge(const histogram& other) {
  for (std::size_t i = 0; i < counts_.size(); ++i)
    counts_[i] += other.counts_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
}

std::int64_t histogram::quantile(double q) const {
  if (count_ == 0)
    return 0;
  auto rank = static_cast<std::uint64_t>(q * static_cast<double>(count_));
  if (rank >= count_)
    rank = count_ - 1;
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen > rank)
      return std::min(static_cast<std::int64_t>(upper_bound_of(i)), max_);
  }
  return max_;
}

std::uint64_t histogram::count_at_most(std::int64_t value) const {
  if (value < 0)
    return 0;
  auto last = index_of(static_cast<std::uint64_t>(value));
  std::uint64_t total = 0;
  for (std::size_t i = 0; i <= last && i < counts_.size(); ++i)
    total += counts_[i];
  return total;
}

double histogram::approximate_sum() const {
  double total = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i)
    if (counts_[i]) {
      auto upper = double(upper_bound_of(i));
      auto lower = i == 0 ? 0.0 : double(upper_bound_of(i - 1)) + 1;
      total += double(counts_[i]) * (i < std::size_t(sub_count) ? upper : (lower + upper) / 2);
    }
  return total;
}

} // namespace detsim::sim
