// actors/ingest/vector_index.hpp: a real navigable small-world graph of embeddings, the
// core of an HNSW insert: a greedy walk from the entry point towards the new vector, then
// links to the closest nodes seen (at most `links` each, farthest dropped). Its cost grows
// with log(size) as the model's insert_cost assumes; `work=real` runs it on the worker's
// thread instead of asking the CPU model for the time.
#pragma once

#include "detsim/sim/rng.hpp"

#include <cstdint>
#include <vector>

namespace detsim::actors::ingest {

class vector_index {
public:
  vector_index(std::uint32_t dimensions, std::uint32_t links);

  /// A unit-length embedding drawn from `random` (normal components, normalized).
  std::vector<float> embed(sim::rng& random) const;
  /// Inserts; returns the distance computations it took.
  std::uint64_t insert(const std::vector<float>& embedding);

  std::size_t size() const { return nodes_; }

private:
  float distance(const float* a, const float* b) const;
  const float* vector_of(std::uint32_t node) const { return &vectors_[std::size_t(node) * dimensions_]; }
  void link(std::uint32_t from, std::uint32_t to, float distance);

  std::uint32_t dimensions_;
  std::uint32_t links_;
  std::size_t nodes_ = 0;
  std::vector<float> vectors_;
  struct neighbour {
    float distance;
    std::uint32_t node;
  };
  std::vector<std::vector<neighbour>> neighbours_; ///< with their distances, to prune cheaply
};

} // namespace detsim::actors::ingest
