// campaigns/job_pool.cpp: start children up to the job count, poll their pipes, reap them.
#include "detsim/campaigns/job_pool.hpp"

#include <chrono>
#include <poll.h>

namespace detsim::campaigns {

void run_jobs(const runtime::registry& registry, const std::vector<sweep_job>& batch, unsigned jobs,
              const run_limits& limits,
              const std::function<void(const run_record&)>& on_record) {
  std::vector<child_run> running;
  std::size_t next = 0;
  while (next < batch.size() || !running.empty()) {
    while (next < batch.size() && running.size() < jobs) {
      run_record record;
      record.index = batch[next].index;
      record.seed = batch[next].spec.seed;
      running.push_back(start_isolated(registry, batch[next].spec, limits, record));
      ++next;
    }
    std::vector<pollfd> fds;
    for (auto& child : running)
      fds.push_back({child.pipe, POLLIN, 0});
    poll(fds.data(), fds.size(), 100);
    for (std::size_t i = 0; i < running.size();) {
      auto& child = running[i];
      bool late = monotonic_seconds() - child.started > limits.wall_seconds;
      if (!pump(child) && !late) {
        ++i;
        continue;
      }
      auto record = finish(child, late && child.output.find('\n') == std::string::npos,
                                      limits.wall_seconds);
      running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
      record.finished_at = std::chrono::duration<double>(
                             std::chrono::system_clock::now().time_since_epoch()).count();
      on_record(record);
    }
  }
}

} // namespace detsim::campaigns
