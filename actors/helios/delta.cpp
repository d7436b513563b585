// actors/helios/delta.cpp: varint-framed runs of changed bytes.
#include "detsim/actors/helios/delta.hpp"

#include <cstdint>
#include <cstring>

namespace detsim::actors::helios {

namespace {

void put_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

bool get_varint(std::string_view& in, std::uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    auto byte = static_cast<std::uint8_t>(in.front());
    in.remove_prefix(1);
    value |= std::uint64_t{byte & 0x7fu} << shift;
    if (byte < 0x80)
      return true;
  }
  return false;
}

} // namespace

std::string encode_delta(std::string_view base, std::string_view target) {
  std::string out;
  put_varint(out, target.size());
  auto differs = [&](std::size_t i) { return i >= base.size() || base[i] != target[i]; };
  std::size_t position = 0; // the first byte the runs do not cover yet
  std::size_t i = 0;
  while (i < target.size()) {
    if (!differs(i)) {
      ++i;
      continue;
    }
    auto start = i;
    // A run ends after two equal bytes in a row: bridging a single one is cheaper than
    // the two varints a new run costs.
    while (i < target.size() && (differs(i) || (i + 1 < target.size() && differs(i + 1))))
      ++i;
    put_varint(out, start - position);
    put_varint(out, i - start);
    out.append(target.substr(start, i - start));
    position = i;
  }
  return out;
}

std::string encode_byte_change(std::size_t size, std::size_t position, char value) {
  std::string out;
  put_varint(out, size);
  put_varint(out, position);
  put_varint(out, 1);
  out += value;
  return out;
}

long delta_target_size(std::string_view delta) {
  std::uint64_t size = 0;
  if (!get_varint(delta, size) || size > (1u << 30))
    return -1;
  return static_cast<long>(size);
}

bool apply_delta(std::string& content, std::string_view delta) {
  std::uint64_t size = 0;
  if (!get_varint(delta, size) || size > (1u << 30))
    return false;
  content.resize(size);
  std::uint64_t position = 0;
  while (!delta.empty()) {
    std::uint64_t skip = 0, length = 0;
    if (!get_varint(delta, skip) || !get_varint(delta, length))
      return false;
    if (skip > size - position)
      return false;
    position += skip;
    if (length > size - position || length > delta.size())
      return false;
    std::memcpy(&content[position], delta.data(), length);
    delta.remove_prefix(length);
    position += length;
  }
  return true;
}

} // namespace detsim::actors::helios
