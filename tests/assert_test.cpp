// tests/assert_test.cpp: DETSIM_ASSERT stays on in Release builds and reports where it
// failed, the run's seed and virtual time, and the reproduce line.
#include "detsim/sim/assert.hpp"
#include "detsim/sim/rng.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <functional>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

using namespace detsim;

namespace {

struct fake_run final : sim::assert_context {
  std::string where() const override { return "seed 42, virtual time 1.5s"; }
  std::string reproduce() const override { return "detsim run swarm --seed 42"; }
};

struct death {
  int signal = 0;
  std::string stderr_text;
};

/// Runs `body` in a child process and reports how it died and what it printed.
death run_in_child(const std::function<void()>& body) {
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(pipe_fds[1], STDERR_FILENO);
    close(pipe_fds[0]);
    body();
    _exit(0);
  }
  close(pipe_fds[1]);
  death result;
  char buffer[512];
  for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) > 0;)
    result.stderr_text.append(buffer, static_cast<std::size_t>(n));
  close(pipe_fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  return result;
}

} // namespace

TEST_CASE("a broken precondition aborts with file, line, seed, time and reproduce line", "[sim][assert]") {
  auto outcome = run_in_child([] {
    fake_run context;
    sim::assert_scope scope{context};
    sim::rng random{1};
    random.below(0);
  });
  CHECK(outcome.signal == SIGABRT);
  CHECK_THAT(outcome.stderr_text, Catch::Contains("assertion failed: bound > 0 at sim/rng.cpp:"));
  CHECK_THAT(outcome.stderr_text, Catch::Contains("(seed 42, virtual time 1.5s)"));
  CHECK_THAT(outcome.stderr_text, Catch::Contains("reproduce: detsim run swarm --seed 42"));
}

TEST_CASE("a kept precondition does not abort", "[sim][assert]") {
  auto outcome = run_in_child([] {
    sim::rng random{1};
    random.below(1);
    random.uniform(3, 3);
  });
  CHECK(outcome.signal == 0);
  CHECK(outcome.stderr_text.empty());
}
