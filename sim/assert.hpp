// sim/assert.hpp: DETSIM_ASSERT, for documented preconditions and programmer errors. It
// stays on in Release builds and, when it fails, prints the condition, file:line and,
// inside a run, the seed, the virtual time and the line that reproduces the run.
#pragma once

#include <string>

/// Aborts with a report when `condition` is false (Release builds included).
#define DETSIM_ASSERT(condition)                                                             \
  (static_cast<bool>(condition)                                                              \
     ? void(0)                                                                               \
     : ::detsim::sim::assertion_failed(#condition, __FILE__, __LINE__))

namespace detsim::sim {

/// What an assertion failure says about the run in progress; the harness installs one
/// per run with assert_scope.
class assert_context {
public:
  virtual ~assert_context() = default;
  /// "seed 42, virtual time 1.2s"
  virtual std::string where() const = 0;
  /// The command line that runs the same simulation again.
  virtual std::string reproduce() const = 0;
};

/// Makes `context` the one assertion failures on this thread report, until destroyed.
class assert_scope {
public:
  explicit assert_scope(const assert_context& context);
  ~assert_scope();
  assert_scope(const assert_scope&) = delete;
  assert_scope& operator=(const assert_scope&) = delete;

private:
  const assert_context* previous_;
};

/// Prints the failure (with the current context, if any) to stderr and aborts.
[[noreturn]] void assertion_failed(const char* condition, const char* file, int line);

} // namespace detsim::sim
