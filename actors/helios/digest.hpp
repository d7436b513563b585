// actors/helios/digest.hpp: SHA-256 digests, the names of Helios states. Computed by
// OpenSSL; a hasher keeps its context so that hashing a small state costs no allocation.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

struct evp_md_ctx_st;
struct evp_md_st;

namespace detsim::actors::helios {

using digest = std::array<std::uint8_t, 32>;

/// Lower-case hex of the digest's first `bytes` bytes (all 32 by default).
std::string to_hex(const digest& d, std::size_t bytes = 32);

/// A reusable SHA-256 context (one per store or client; not shared between threads).
class sha256 {
public:
  sha256();
  ~sha256();
  sha256(const sha256&) = delete;
  sha256& operator=(const sha256&) = delete;

  /// SHA-256 of `bytes`.
  digest of(std::string_view bytes);
  /// SHA-256 of a one-byte tag followed by the given parts (Merkle nodes: the tag keeps
  /// leaves, inner nodes and roots from ever hashing alike).
  digest tagged(std::uint8_t tag, std::string_view first, std::string_view second = {});

private:
  evp_md_ctx_st* context_;
  evp_md_st* method_;
};

inline std::string_view view_of(const digest& d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}

/// A digest's raw bytes, as messages carry it.
inline std::string bytes_of(const digest& d) { return std::string{view_of(d)}; }

/// The digest in `bytes`, or false if they are not 32 bytes.
inline bool parse_digest(std::string_view bytes, digest& d) {
  if (bytes.size() != d.size())
    return false;
  for (std::size_t i = 0; i < d.size(); ++i)
    d[i] = static_cast<std::uint8_t>(bytes[i]);
  return true;
}

} // namespace detsim::actors::helios
