// actors/helios/merkle_log.hpp: a Merkle mountain range over the store's states in the
// order they were first committed. Appending is amortized one hash; the root of any past
// size and an inclusion proof of any state against it can be computed later, so a client
// holding an old root can still check that a state belongs to that history.
#pragma once

#include "detsim/actors/helios/digest.hpp"

#include <cstdint>
#include <functional>
#include <vector>

namespace detsim::actors::helios {

/// That leaf `index` is in the log of `size` leaves whose root the verifier holds.
struct merkle_proof {
  std::uint64_t index = 0;
  std::uint64_t size = 0;
  std::vector<digest> path;  ///< siblings from the leaf up to its peak
  std::vector<digest> peaks; ///< every peak of the log at `size`, left to right
};

class merkle_log {
public:
  /// `leaf(i)` gives the i-th leaf; leaves are never changed once appended.
  explicit merkle_log(std::function<const digest&(std::uint64_t)> leaf);

  /// Leaf `count - 1` was appended: completes the cached subtrees it closes.
  void appended(sha256& hasher, std::uint64_t count);
  /// The root of the first `size` leaves.
  digest root(sha256& hasher, std::uint64_t size) const;
  /// Proof of leaf `index` (< size) in the log of `size` leaves.
  merkle_proof prove(sha256& hasher, std::uint64_t index, std::uint64_t size) const;
  /// Whether `proof` shows `leaf` is in the log whose root is `root`.
  static bool verify(sha256& hasher, const merkle_proof& proof, const digest& leaf,
                     const digest& root);

  std::uint64_t memory_bytes() const;

private:
  /// The root of the perfect subtree of `height` whose leaves start at index << height.
  digest node(sha256& hasher, int height, std::uint64_t index) const;
  std::vector<digest> peaks(sha256& hasher, std::uint64_t size) const;

  /// Subtrees this high or higher are kept; lower ones (at most 2^4 leaves) are rehashed
  /// when a proof needs them, which keeps the log at 4 bytes per state.
  static constexpr int kept_from = 4;
  std::function<const digest&(std::uint64_t)> leaf_;
  std::vector<std::vector<digest>> kept_; ///< kept_[h - kept_from][index]
};

} // namespace detsim::actors::helios
