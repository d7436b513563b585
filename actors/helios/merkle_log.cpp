// actors/helios/merkle_log.cpp: peaks, paths and their verification. Inner nodes hash
// tag 1, roots tag 2 (over the concatenated peaks), so no inner node can pass for a leaf
// or a root.
#include "detsim/actors/helios/merkle_log.hpp"

#include "detsim/sim/assert.hpp"

#include <string>

namespace detsim::actors::helios {

namespace {

constexpr std::uint8_t inner_tag = 1;
constexpr std::uint8_t root_tag = 2;

digest bag(sha256& hasher, const std::vector<digest>& peaks) {
  std::string joined;
  for (const auto& peak : peaks)
    joined.append(view_of(peak));
  return hasher.tagged(root_tag, joined);
}

/// The height of the peak holding leaf `index` in a log of `size`, its position among
/// the peaks, and how many peaks there are.
struct peak_position {
  int height = 0;
  std::size_t rank = 0;
};

peak_position locate(std::uint64_t index, std::uint64_t size) {
  peak_position found;
  std::uint64_t start = 0;
  for (int h = 63; h >= 0; --h) {
    auto width = std::uint64_t{1} << h;
    if (!(size & width))
      continue;
    if (index < start + width) {
      found.height = h;
      return found;
    }
    start += width;
    ++found.rank;
  }
  return found;
}

} // namespace

merkle_log::merkle_log(std::function<const digest&(std::uint64_t)> leaf) : leaf_(std::move(leaf)) {}

digest merkle_log::node(sha256& hasher, int height, std::uint64_t index) const {
  if (height >= kept_from)
    return kept_[height - kept_from][index];
  if (height == 0)
    return leaf_(index);
  auto left = node(hasher, height - 1, 2 * index);
  auto right = node(hasher, height - 1, 2 * index + 1);
  return hasher.tagged(inner_tag, view_of(left), view_of(right));
}

void merkle_log::appended(sha256& hasher, std::uint64_t count) {
  if (count % (std::uint64_t{1} << kept_from) != 0)
    return;
  // Leaf count - 1 closed a 16-leaf subtree; it may close higher ones in turn.
  auto index = (count >> kept_from) - 1;
  auto subtree = node(hasher, kept_from - 1, 2 * index);
  auto sibling = node(hasher, kept_from - 1, 2 * index + 1);
  auto top = hasher.tagged(inner_tag, view_of(subtree), view_of(sibling));
  for (std::size_t level = 0;; ++level) {
    if (kept_.size() <= level)
      kept_.emplace_back();
    kept_[level].push_back(top);
    auto& row = kept_[level];
    if (row.size() % 2 != 0)
      return;
    top = hasher.tagged(inner_tag, view_of(row[row.size() - 2]), view_of(row.back()));
  }
}

std::vector<digest> merkle_log::peaks(sha256& hasher, std::uint64_t size) const {
  std::vector<digest> found;
  std::uint64_t start = 0;
  for (int h = 63; h >= 0; --h) {
    auto width = std::uint64_t{1} << h;
    if (size & width) {
      found.push_back(node(hasher, h, start >> h));
      start += width;
    }
  }
  return found;
}

digest merkle_log::root(sha256& hasher, std::uint64_t size) const {
  return bag(hasher, peaks(hasher, size));
}

merkle_proof merkle_log::prove(sha256& hasher, std::uint64_t index, std::uint64_t size) const {
  DETSIM_ASSERT(index < size);
  merkle_proof proof;
  proof.index = index;
  proof.size = size;
  auto position = locate(index, size);
  for (int level = 0; level < position.height; ++level)
    proof.path.push_back(node(hasher, level, (index >> level) ^ 1));
  proof.peaks = peaks(hasher, size);
  return proof;
}

bool merkle_log::verify(sha256& hasher, const merkle_proof& proof, const digest& leaf,
                        const digest& root) {
  if (proof.index >= proof.size)
    return false;
  auto position = locate(proof.index, proof.size);
  if (proof.path.size() != static_cast<std::size_t>(position.height) ||
      proof.peaks.size() != static_cast<std::size_t>(__builtin_popcountll(proof.size)))
    return false;
  auto x = leaf;
  for (int level = 0; level < position.height; ++level) {
    const auto& sibling = proof.path[level];
    x = (proof.index >> level) & 1 ? hasher.tagged(inner_tag, view_of(sibling), view_of(x))
                                   : hasher.tagged(inner_tag, view_of(x), view_of(sibling));
  }
  return x == proof.peaks[position.rank] && bag(hasher, proof.peaks) == root;
}

std::uint64_t merkle_log::memory_bytes() const {
  std::uint64_t bytes = 0;
  for (const auto& row : kept_)
    bytes += row.capacity() * sizeof(digest);
  return bytes;
}

} // namespace detsim::actors::helios
