// tests/test_support.hpp: small helpers to run scenarios and replays from tests.
#pragma once

#include "detsim/harness/replay_runner.hpp"
#include "detsim/harness/runner.hpp"
#include "detsim/replays/trace_reader.hpp"
#include "detsim/replays/trace_writer.hpp"
#include "detsim/scenarios/builtin.hpp"

#include <cstdio>
#include <functional>
#include <stdexcept>
#include <string>
#include <unistd.h>

// Whether AddressSanitizer is on: g++ defines __SANITIZE_ADDRESS__, clang answers
// __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define DETSIM_TEST_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DETSIM_TEST_UNDER_ASAN 1
#endif
#endif

using namespace detsim;

namespace test {

/// A small swarm: fast enough to run dozens of times per test.
inline harness::run_spec small_swarm(std::uint64_t seed, std::vector<std::string> extra = {}) {
  harness::run_spec spec;
  spec.scenario = "swarm";
  spec.seed = seed;
  spec.parameters = extra;
  for (std::string fallback : {"agents=60", "resources=6", "duration=500ms"}) {
    auto key = fallback.substr(0, fallback.find('=') + 1);
    bool given = false;
    for (auto& p : extra)
      given = given || p.compare(0, key.size(), key) == 0;
    if (!given)
      spec.parameters.push_back(fallback);
  }
  return spec;
}

inline harness::run_outcome run(const harness::run_spec& spec) {
  return harness::execute(scenarios::builtin_registry(), spec);
}

/// A run of a built-in scenario with parameters and a chaos spec.
inline harness::run_outcome run_scenario(const std::string& scenario, std::uint64_t seed,
                                         std::vector<std::string> parameters, std::string chaos = {}) {
  harness::run_spec spec;
  spec.scenario = scenario;
  spec.seed = seed;
  spec.parameters = std::move(parameters);
  spec.chaos = std::move(chaos);
  return run(spec);
}

/// Whether the run's invariant `name` held; a missing one fails the test (as an exception).
inline bool invariant_passed(const harness::run_outcome& outcome, const std::string& name) {
  for (const auto& i : outcome.invariants)
    if (i.name == name)
      return i.passed;
  throw std::runtime_error("no invariant named " + name);
}

/// A run's metric by name; a missing metric fails the test (as an exception).
inline double metric(const harness::run_outcome& outcome, const std::string& name) {
  for (auto& m : outcome.metrics)
    if (m.name == name)
      return m.value;
  throw std::runtime_error("no metric named " + name);
}

/// A file path under the system temp dir, unique per process.
inline std::string temp_path(const std::string& name) {
  return "/tmp/detsim-test-" + std::to_string(getpid()) + "-" + name;
}

inline std::string read_file(const std::string& path) {
  std::string data;
  if (auto* f = std::fopen(path.c_str(), "rb")) {
    char buffer[65536];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof(buffer), f)) > 0)
      data.append(buffer, n);
    std::fclose(f);
  }
  return data;
}

inline void write_file(const std::string& path, const std::string& data) {
  auto* f = std::fopen(path.c_str(), "wb");
  std::fwrite(data.data(), 1, data.size(), f);
  std::fclose(f);
}

/// Runs a shell command and returns its exit status and stdout+stderr.
inline std::pair<int, std::string> shell(const std::string& command) {
  std::string output;
  auto* pipe = popen((command + " 2>&1").c_str(), "r");
  char buffer[4096];
  while (auto n = std::fread(buffer, 1, sizeof(buffer), pipe))
    output.append(buffer, n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

/// Copies a trace, changing event `index` with `change`.
inline std::string tamper(const std::string& path, std::uint64_t index,
                   const std::function<void(sim::trace_event&)>& change) {
  replays::trace_reader reader{path};
  std::vector<sim::trace_event> events;
  sim::trace_event e;
  while (reader.next(e))
    events.push_back(e);
  change(events.at(index));
  auto out = path + ".tampered";
  replays::trace_writer writer{out, reader.header()};
  for (std::uint32_t id = 0; reader.node_name(id) != "?"; ++id)
    writer.on_name(false, id, reader.node_name(id));
  for (std::uint32_t id = 1; reader.type_name(id) != "?"; ++id)
    writer.on_name(true, id, reader.type_name(id));
  for (auto& event : events)
    writer.on_event(event);
  writer.close();
  return out;
}

} // namespace test
