// fuzz/fuzz_support.hpp: what every fuzz target shares. A target states properties of one
// input path; a broken property aborts, so libFuzzer keeps the input as a finding and the
// corpus replay under ctest fails on it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace detsim::fuzz {

[[noreturn]] inline void property_failed(const std::string& what) {
  std::fprintf(stderr, "fuzz property violated: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

inline void require(bool holds, const std::string& what) {
  if (!holds)
    property_failed(what);
}

inline std::string as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

} // namespace detsim::fuzz
