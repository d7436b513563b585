// replays/byte_codec.hpp: little-endian integers, LEB128 varints and length-prefixed
// strings, the building blocks of trace frames. Reading past the end throws.
#pragma once

#include "detsim/sim/parameters.hpp"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace detsim::replays {

using bytes = std::vector<unsigned char>;

/// A record that runs past its frame or a malformed number; the trace reader adds the file.
class corrupt_record : public sim::input_error {
public:
  using sim::input_error::input_error;
};

inline void put_varint(bytes& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<unsigned char>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<unsigned char>(value));
}

inline void put_u32(bytes& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i)
    out.push_back(static_cast<unsigned char>(value >> (8 * i)));
}

inline void put_u64(bytes& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<unsigned char>(value >> (8 * i)));
}

inline void put_string(bytes& out, std::string_view text) {
  put_varint(out, text.size());
  out.insert(out.end(), text.begin(), text.end());
}

/// Reads from a byte range; any overrun means the data is corrupt.
class byte_reader {
public:
  byte_reader(const unsigned char* data, std::size_t size) : data_(data), size_(size) {}

  std::size_t remaining() const { return size_ - pos_; }

  std::uint8_t u8() {
    need(1);
    return data_[pos_++];
  }

  std::uint32_t u32() {
    need(4);
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i)
      value |= static_cast<std::uint32_t>(data_[pos_++]) << (8 * i);
    return value;
  }

  std::uint64_t u64() {
    need(8);
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i)
      value |= static_cast<std::uint64_t>(data_[pos_++]) << (8 * i);
    return value;
  }

  std::uint64_t varint() {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      auto b = u8();
      value |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80))
        return value;
    }
    throw corrupt_record("malformed number");
  }

  std::string string() {
    auto size = varint();
    need(size);
    std::string text(reinterpret_cast<const char*>(data_ + pos_), size);
    pos_ += size;
    return text;
  }

  /// A sub-reader over the next `size` bytes.
  byte_reader slice(std::size_t size) {
    need(size);
    byte_reader sub{data_ + pos_, size};
    pos_ += size;
    return sub;
  }

private:
  void need(std::uint64_t count) const {
    if (count > size_ - pos_)
      throw corrupt_record("a frame ends in the middle of a record");
  }

  const unsigned char* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

} // namespace detsim::replays
