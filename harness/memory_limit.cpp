// harness/memory_limit.cpp: the machine's memory and the refusal message.
#include "detsim/harness/memory_limit.hpp"

#include "detsim/sim/numbers.hpp"
#include "detsim/sim/parameters.hpp"

#include <sys/resource.h>
#include <unistd.h>

namespace detsim::harness {

memory_limit default_memory_limit() {
  auto pages = sysconf(_SC_PHYS_PAGES);
  auto page_size = sysconf(_SC_PAGE_SIZE);
  memory_limit limit{UINT64_MAX, "no limit known"};
  if (pages > 0 && page_size > 0)
    limit = {static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size) / 2,
             "half of this machine's memory"};
  rlimit address_space{};
  if (getrlimit(RLIMIT_AS, &address_space) == 0 && address_space.rlim_cur != RLIM_INFINITY &&
      address_space.rlim_cur < limit.bytes)
    limit = {address_space.rlim_cur, "the address-space limit"};
  return limit;
}

memory_limit memory_limit_of(std::uint64_t max_memory) {
  return max_memory == 0 ? default_memory_limit() : memory_limit{max_memory, "--max-memory"};
}

void check_memory(const std::string& scenario, const runtime::memory_estimate& estimate,
                  const memory_limit& limit) {
  if (estimate.bytes <= limit.bytes)
    return;
  throw sim::input_error(scenario + ": " + estimate.driven_by + " needs an estimated " +
                         sim::format_size(estimate.bytes) + ", over the " +
                         sim::format_size(limit.bytes) + " a run may use (" + limit.source +
                         "); lower it, or raise --max-memory");
}

} // namespace detsim::harness
