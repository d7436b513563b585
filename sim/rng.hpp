// sim/rng.hpp: the one seeded PRNG family of detsim (xoshiro256** seeded by splitmix64)
// with distributions computed from raw generator output, so numbers match on every platform.
#pragma once

#include <cstdint>
#include <string_view>

namespace detsim::sim {

/// splitmix64 step: used to expand seeds and to derive per-run seeds from an index.
std::uint64_t splitmix64(std::uint64_t& state);

/// Stable 64-bit FNV-1a hash of a name; never depends on the process or platform.
std::uint64_t stable_hash(std::string_view text);

/// A seeded random stream. Streams for different names are independent: one component
/// drawing more numbers never shifts another's sequence.
class rng {
public:
  explicit rng(std::uint64_t seed);

  /// The stream for component `name` under root seed `seed`.
  static rng derive(std::uint64_t seed, std::string_view name);

  /// Raw 64 random bits.
  std::uint64_t next();

  /// Uniform integer in [0, bound); bound must be > 0 (Lemire's unbiased method).
  std::uint64_t below(std::uint64_t bound);

  /// Uniform integer in [low, high] inclusive.
  std::int64_t uniform(std::int64_t low, std::int64_t high);

  /// Uniform double in [0, 1) built from the top 53 bits.
  double unit();

  /// True with probability `p` (clamped to [0, 1]).
  bool chance(double p);

  /// Exponentially distributed value with the given mean.
  double exponential(double mean);

  /// Normal distribution (Box-Muller on two unit draws; no cached spare, so every
  /// call consumes exactly two draws and sequences stay easy to reason about).
  double normal(double mean, double stddev);

  /// exp(normal(mu, sigma)).
  double lognormal(double mu, double sigma);

  /// Pareto distribution with scale `minimum` and shape `alpha`.
  double pareto(double minimum, double alpha);

private:
  std::uint64_t state_[4];
};

} // namespace detsim::sim
