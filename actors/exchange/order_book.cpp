// actors/exchange/order_book.cpp: applying deltas and trades, checksums, snapshots.
#include "detsim/actors/exchange/order_book.hpp"

namespace detsim::actors::exchange {

void order_book::apply(const entry& e) {
  if (e.kind == trade) {
    ++trades_;
    volume_ += e.quantity;
    return;
  }
  levels_[index_of(e)] = e.quantity;
}

std::uint64_t order_book::checksum() const {
  // FNV-1a over the levels and totals: order-sensitive, deterministic, cheap.
  std::uint64_t h = 0xcbf29ce484222325ull;
  auto mix = [&h](std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      h ^= (v >> (8 * i)) & 0xff;
      h *= 0x100000001b3ull;
    }
  };
  for (auto level : levels_)
    mix(static_cast<std::uint64_t>(level));
  mix(trades_);
  mix(static_cast<std::uint64_t>(volume_));
  return h;
}

snapshot order_book::take_snapshot(std::uint32_t exchange, std::uint64_t sequence) const {
  return {exchange, sequence, levels_, trades_, volume_};
}

void order_book::restore(const snapshot& s) {
  if (s.levels.size() == levels_.size())
    levels_ = s.levels;
  trades_ = s.trades;
  volume_ = s.volume;
}

} // namespace detsim::actors::exchange
