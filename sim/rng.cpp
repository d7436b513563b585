// sim/rng.cpp: xoshiro256** and the integer-first distributions.
#include "detsim/sim/rng.hpp"

#include "detsim/sim/assert.hpp"

#include <cmath>

namespace detsim::sim {

namespace {

std::uint64_t rotl(std::uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

constexpr double two_pi = 6.283185307179586476925286766559;

} // namespace

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

rng::rng(std::uint64_t seed) {
  std::uint64_t s = seed;
  for (auto& word : state_)
    word = splitmix64(s);
}

rng rng::derive(std::uint64_t seed, std::string_view name) {
  std::uint64_t s = seed ^ rotl(stable_hash(name), 17);
  return rng{splitmix64(s)};
}

std::uint64_t rng::next() {
  const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

std::uint64_t rng::below(std::uint64_t bound) {
  DETSIM_ASSERT(bound > 0); // no number is below 0
  // Lemire: multiply-shift with rejection of the biased low range.
  unsigned __int128 m = static_cast<unsigned __int128>(next()) * bound;
  auto low = static_cast<std::uint64_t>(m);
  if (low < bound) {
    const std::uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      m = static_cast<unsigned __int128>(next()) * bound;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

std::int64_t rng::uniform(std::int64_t low, std::int64_t high) {
  DETSIM_ASSERT(low <= high);
  const auto span = static_cast<std::uint64_t>(high - low) + 1;
  if (span == 0)
    return static_cast<std::int64_t>(next());
  return low + static_cast<std::int64_t>(below(span));
}

double rng::unit() {
  return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

bool rng::chance(double p) {
  if (p <= 0.0)
    return false;
  if (p >= 1.0)
    return true;
  const auto threshold = static_cast<std::uint64_t>(p * 0x1.0p53);
  return (next() >> 11) < threshold;
}

double rng::exponential(double mean) {
  // 1 - unit() lies in (0, 1], so the log is finite.
  return -std::log(1.0 - unit()) * mean;
}

double rng::normal(double mean, double stddev) {
  const double u1 = 1.0 - unit();
  const double u2 = unit();
  return mean + stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(two_pi * u2);
}

double rng::lognormal(double mu, double sigma) {
  return std::exp(normal(mu, sigma));
}

double rng::pareto(double minimum, double alpha) {
  return minimum / std::pow(1.0 - unit(), 1.0 / alpha);
}

} // namespace detsim::sim
