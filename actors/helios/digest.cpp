// actors/helios/digest.cpp: SHA-256 through OpenSSL's EVP interface.
#include "detsim/actors/helios/digest.hpp"

#include "detsim/sim/assert.hpp"

#include <openssl/evp.h>

namespace detsim::actors::helios {

std::string to_hex(const digest& d, std::size_t bytes) {
  static const char* digits = "0123456789abcdef";
  std::string text;
  for (std::size_t i = 0; i < bytes && i < d.size(); ++i) {
    text += digits[d[i] >> 4];
    text += digits[d[i] & 15];
  }
  return text;
}

sha256::sha256() : context_(EVP_MD_CTX_new()), method_(EVP_MD_fetch(nullptr, "SHA256", nullptr)) {
  DETSIM_ASSERT(context_ && method_);
}

sha256::~sha256() {
  EVP_MD_free(method_);
  EVP_MD_CTX_free(context_);
}

digest sha256::of(std::string_view bytes) {
  digest d;
  unsigned length = 0;
  bool ok = EVP_DigestInit_ex2(context_, method_, nullptr) == 1 &&
            EVP_DigestUpdate(context_, bytes.data(), bytes.size()) == 1 &&
            EVP_DigestFinal_ex(context_, d.data(), &length) == 1;
  DETSIM_ASSERT(ok && length == d.size());
  return d;
}

digest sha256::tagged(std::uint8_t tag, std::string_view first, std::string_view second) {
  digest d;
  unsigned length = 0;
  bool ok = EVP_DigestInit_ex2(context_, method_, nullptr) == 1 &&
            EVP_DigestUpdate(context_, &tag, 1) == 1 &&
            EVP_DigestUpdate(context_, first.data(), first.size()) == 1 &&
            EVP_DigestUpdate(context_, second.data(), second.size()) == 1 &&
            EVP_DigestFinal_ex(context_, d.data(), &length) == 1;
  DETSIM_ASSERT(ok && length == d.size());
  return d;
}

} // namespace detsim::actors::helios
