// actors/exchange/order_book.hpp: one exchange's order books (every symbol, both sides,
// `depth` price levels each) with its trade totals: what a feed owns and a consumer keeps
// from deltas. Two books are equal when their checksums are.
#pragma once

#include "detsim/actors/exchange/messages.hpp"

#include <cstdint>
#include <vector>

namespace detsim::actors::exchange {

class order_book {
public:
  order_book(std::uint32_t symbols, std::uint32_t depth)
    : symbols_(symbols), depth_(depth), levels_(std::size_t(symbols) * 2 * depth, 0) {}

  void apply(const entry& e);
  std::uint64_t checksum() const;
  snapshot take_snapshot(std::uint32_t exchange, std::uint64_t sequence) const;
  void restore(const snapshot& s);

  /// Bytes of the whole book sent in full, and of one delta (what compression saves).
  std::uint64_t full_bytes() const { return levels_.size() * 16; }
  static constexpr std::uint64_t delta_bytes = 24;

  std::uint64_t trades() const { return trades_; }
  std::int64_t volume() const { return volume_; }

private:
  std::size_t index_of(const entry& e) const {
    return (std::size_t(e.symbol % symbols_) * 2 + (e.side & 1)) * depth_ + e.level % depth_;
  }

  std::uint32_t symbols_;
  std::uint32_t depth_;
  std::vector<std::int64_t> levels_;
  std::uint64_t trades_ = 0;
  std::int64_t volume_ = 0;
};

} // namespace detsim::actors::exchange
