// bench/core_latency.cpp: a cache line bounced between two pinned threads.
#include "core_latency.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <chrono>
#include <thread>
#include <vector>
#include <pthread.h>
#include <sched.h>

namespace bench {
namespace {

// The first two processors of the process's own affinity set, or fewer.
std::vector<int> usable_processors() {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  std::vector<int> found;
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0)
    return found;
  for (int cpu = 0; cpu < CPU_SETSIZE && found.size() < 2; ++cpu)
    if (CPU_ISSET(cpu, &allowed))
      found.push_back(cpu);
  return found;
}

void pin_to(pthread_t thread, int cpu) {
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  pthread_setaffinity_np(thread, sizeof one, &one);
}

double one_try(int here, int there) {
  constexpr std::uint64_t trips = 200'000;
  alignas(64) std::atomic<std::uint64_t> ball{0};
  std::thread partner{[&] {
    for (std::uint64_t i = 0; i < trips; ++i) {
      while (ball.load(std::memory_order_acquire) != 2 * i + 1) {
      }
      ball.store(2 * i + 2, std::memory_order_release);
    }
  }};
  pin_to(partner.native_handle(), there);
  pin_to(pthread_self(), here);
  auto start = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < trips; ++i) {
    ball.store(2 * i + 1, std::memory_order_release);
    while (ball.load(std::memory_order_acquire) != 2 * i + 2) {
    }
  }
  auto elapsed = std::chrono::steady_clock::now() - start;
  partner.join();
  return std::chrono::duration<double, std::nano>(elapsed).count() / trips;
}

// Nanoseconds, or 0 when the process may run on one processor only.
double core_round_trip_ns() {
  auto processors = usable_processors();
  if (processors.size() < 2)
    return 0;
  cpu_set_t before;
  pthread_getaffinity_np(pthread_self(), sizeof before, &before);
  std::vector<double> tries;
  for (int i = 0; i < 5; ++i)
    tries.push_back(one_try(processors[0], processors[1]));
  pthread_setaffinity_np(pthread_self(), sizeof before, &before); // the runs after go anywhere
  std::sort(tries.begin(), tries.end());
  return tries[tries.size() / 2];
}

} // namespace

std::string core_round_trip_text() {
  auto ns = core_round_trip_ns();
  return ns > 0 ? fmt::format("{:.0f} ns", ns) : std::string{"not measured: one processor"};
}

} // namespace bench
