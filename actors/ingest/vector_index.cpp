// actors/ingest/vector_index.cpp: greedy search and linking of the small-world graph.
#include "detsim/actors/ingest/vector_index.hpp"

#include <algorithm>
#include <cmath>

namespace detsim::actors::ingest {

vector_index::vector_index(std::uint32_t dimensions, std::uint32_t links)
  : dimensions_(dimensions), links_(links) {}

std::vector<float> vector_index::embed(sim::rng& random) const {
  std::vector<float> v(dimensions_);
  double norm = 0;
  for (auto& x : v) {
    x = static_cast<float>(random.normal(0, 1));
    norm += double(x) * x;
  }
  auto scale = static_cast<float>(1 / std::sqrt(std::max(norm, 1e-30)));
  for (auto& x : v)
    x *= scale;
  return v;
}

float vector_index::distance(const float* a, const float* b) const {
  float sum = 0;
  for (std::uint32_t i = 0; i < dimensions_; ++i) {
    float d = a[i] - b[i];
    sum += d * d;
  }
  return sum;
}

void vector_index::link(std::uint32_t from, std::uint32_t to, float d) {
  auto& list = neighbours_[from];
  list.push_back({d, to});
  if (list.size() <= links_)
    return;
  // Keep the closest `links_`: drop the farthest.
  auto farthest = std::max_element(list.begin(), list.end(), [](const neighbour& a, const neighbour& b) {
    return a.distance < b.distance;
  });
  list.erase(farthest);
}

std::uint64_t vector_index::insert(const std::vector<float>& embedding) {
  auto node = static_cast<std::uint32_t>(nodes_++);
  vectors_.insert(vectors_.end(), embedding.begin(), embedding.end());
  neighbours_.emplace_back();
  if (node == 0)
    return 0;
  const float* target = embedding.data();
  std::uint64_t computations = 1;
  std::uint32_t current = 0; // the entry point: the first node
  float best = distance(target, vector_of(current));
  std::vector<std::pair<float, std::uint32_t>> seen{{best, current}};
  for (bool moved = true; moved;) {
    moved = false;
    for (const auto& [ignored, next] : neighbours_[current]) {
      float d = distance(target, vector_of(next));
      ++computations;
      seen.emplace_back(d, next);
      if (d < best) {
        best = d;
        current = next;
        moved = true;
      }
    }
  }
  std::sort(seen.begin(), seen.end());
  seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
  for (std::size_t i = 0; i < seen.size() && i < links_; ++i) {
    link(node, seen[i].second, seen[i].first);
    link(seen[i].second, node, seen[i].first);
  }
  return computations;
}

} // namespace detsim::actors::ingest
