// sim/assert.cpp: reporting a failed DETSIM_ASSERT. The context is per thread: each run
// (and each campaign child) installs its own.
#include "detsim/sim/assert.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace detsim::sim {

namespace {

thread_local const assert_context* current_context = nullptr;

/// "sim/rng.cpp" from an absolute __FILE__: the last two path components.
const char* short_path(const char* file) {
  const char* last = std::strrchr(file, '/');
  if (!last)
    return file;
  for (const char* p = last - 1; p >= file; --p)
    if (*p == '/')
      return p + 1;
  return file;
}

} // namespace

assert_scope::assert_scope(const assert_context& context) : previous_(current_context) {
  current_context = &context;
}

assert_scope::~assert_scope() {
  current_context = previous_;
}

void assertion_failed(const char* condition, const char* file, int line) {
  if (current_context) {
    std::fprintf(stderr, "detsim: assertion failed: %s at %s:%d (%s)\nreproduce: %s\n", condition,
                 short_path(file), line, current_context->where().c_str(),
                 current_context->reproduce().c_str());
  } else {
    std::fprintf(stderr, "detsim: assertion failed: %s at %s:%d\n", condition, short_path(file),
                 line);
  }
  std::fflush(stderr);
  std::abort();
}

} // namespace detsim::sim
