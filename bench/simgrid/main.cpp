// bench/simgrid/main.cpp: detsim-simgrid, one SimGrid workload per process; prints
// "count C wall S" for detsim-bench to read.
// Usage: detsim-simgrid ring ACTORS MESSAGES
//        detsim-simgrid swarm AGENTS RESOURCES SECONDS
//        detsim-simgrid phold LPS POPULATION LOOKAHEAD_S MEAN_DELAY_S REMOTE EVENTS BUDGET_S
#include "workloads.hpp"

#include <simgrid/s4u.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

namespace {

double number(const char* text) {
  char* end = nullptr;
  double value = std::strtod(text, &end);
  if (end == text || *end != '\0' || !(value >= 0))
    throw std::invalid_argument(std::string("not a non-negative number: '") + text + "'");
  return value;
}

int usage() {
  std::fprintf(stderr, "usage: detsim-simgrid ring ACTORS MESSAGES | swarm AGENTS RESOURCES SECONDS | "
                       "phold LPS POPULATION LOOKAHEAD_S MEAN_DELAY_S REMOTE EVENTS BUDGET_S\n");
  return 2;
}

} // namespace

int main(int argc, char** argv) {
  using namespace bench::simgrid_side;
  if (argc < 2)
    return usage();
  std::string workload = argv[1];
  int engine_argc = 2;
  char quiet[] = "--log=root.thresh:critical";
  char* engine_argv[] = {argv[0], quiet, nullptr};
  try {
    auto n = [&](int i) { return i < argc ? number(argv[i]) : throw std::invalid_argument("missing argument"); };
    simgrid::s4u::Engine engine(&engine_argc, engine_argv);
    simgrid::s4u::Engine::set_config("network/model:CM02");
    simgrid::s4u::Engine::set_config("network/crosstraffic:0");
    result r;
    if (workload == "ring" && argc == 4)
      r = run_ring(static_cast<std::uint32_t>(n(2)), static_cast<std::uint64_t>(n(3)));
    else if (workload == "swarm" && argc == 5)
      r = run_swarm(static_cast<std::uint32_t>(n(2)), static_cast<std::uint32_t>(n(3)), n(4));
    else if (workload == "phold" && argc == 9)
      r = run_phold(static_cast<std::uint32_t>(n(2)), static_cast<std::uint32_t>(n(3)), n(4), n(5),
                    n(6), static_cast<std::uint64_t>(n(7)), n(8));
    else
      return usage();
    std::printf("count %llu wall %.6f\n", static_cast<unsigned long long>(r.count), r.wall_seconds);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "detsim-simgrid: %s\n", e.what());
    return 2;
  }
}
