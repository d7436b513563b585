// bench/simgrid_side.cpp: detsim-simgrid as a child process (SimGrid keeps one engine per
// process, so every workload gets its own).
#include "simgrid_side.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <memory>

namespace bench {

bool simgrid_built() {
#ifdef DETSIM_SIMGRID_PROGRAM
  return true;
#else
  return false;
#endif
}

simgrid_rate run_simgrid([[maybe_unused]] const std::string& args,
                         [[maybe_unused]] int timeout_s) {
#ifdef DETSIM_SIMGRID_PROGRAM
  auto command = fmt::format("timeout {} '{}' {} 2>&1", timeout_s, DETSIM_SIMGRID_PROGRAM, args);
  std::unique_ptr<FILE, int (*)(FILE*)> pipe{popen(command.c_str(), "r"), pclose};
  if (!pipe)
    return {0, "could not start detsim-simgrid"};
  unsigned long long count = 0;
  double wall = 0;
  char line[512];
  std::string last;
  while (std::fgets(line, sizeof(line), pipe.get())) {
    if (std::sscanf(line, "count %llu wall %lf", &count, &wall) == 2 && wall > 0)
      return {double(count) / wall, {}};
    last = line;
  }
  if (!last.empty() && last.back() == '\n')
    last.pop_back();
  return {0, last.empty() ? fmt::format("no result within {} s", timeout_s) : last};
#else
  return {0, "not built (-DDETSIM_BENCH_SIMGRID=ON)"};
#endif
}

} // namespace bench
