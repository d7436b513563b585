// actors/helios/chunked_vector.hpp: storage that grows in fixed blocks, so a store of a
// million states holds what it uses (a doubling vector keeps up to half again as slack,
// and copies everything when it grows).
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace detsim::actors::helios {

/// A vector of T in blocks of 2^12 elements; elements never move.
template <class T>
class chunked_vector {
public:
  static constexpr std::size_t block_bits = 12;
  static constexpr std::size_t block_size = std::size_t{1} << block_bits;

  std::size_t size() const { return size_; }
  T& operator[](std::size_t i) { return blocks_[i >> block_bits][i & (block_size - 1)]; }
  const T& operator[](std::size_t i) const { return blocks_[i >> block_bits][i & (block_size - 1)]; }

  T& push_back(const T& value) {
    if (size_ == blocks_.size() * block_size)
      blocks_.push_back(std::make_unique<T[]>(block_size));
    auto& slot = (*this)[size_++];
    slot = value;
    return slot;
  }

  std::uint64_t memory_bytes() const {
    return blocks_.size() * block_size * sizeof(T) + blocks_.capacity() * sizeof(void*);
  }

private:
  std::vector<std::unique_ptr<T[]>> blocks_;
  std::size_t size_ = 0;
};

/// Bytes appended in 1 MiB blocks and addressed by offset; a piece never spans blocks.
class byte_arena {
public:
  static constexpr std::uint64_t block_size = std::uint64_t{1} << 20;

  /// Copies `bytes` (at most a block) in and returns their offset.
  std::uint64_t add(std::string_view bytes) {
    if (blocks_.empty() || used_ + bytes.size() > block_size) {
      blocks_.push_back(std::make_unique<char[]>(block_size));
      used_ = 0;
    }
    auto offset = (blocks_.size() - 1) * block_size + used_;
    std::copy(bytes.begin(), bytes.end(), blocks_.back().get() + used_);
    used_ += bytes.size();
    return offset;
  }

  std::string_view at(std::uint64_t offset, std::size_t length) const {
    return {blocks_[offset / block_size].get() + offset % block_size, length};
  }

  std::uint64_t memory_bytes() const {
    return blocks_.size() * block_size + blocks_.capacity() * sizeof(void*);
  }

private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::uint64_t used_ = 0;
};

} // namespace detsim::actors::helios
