// campaigns/directory_lock.hpp: one campaign at a time per directory. Two campaigns (or a
// campaign and a --resume) writing one journal would interleave records.
#pragma once

#include <string>

namespace detsim::campaigns {

/// Holds an exclusive flock on DIR/.lock for its lifetime (the kernel drops it if the
/// process dies). Throws sim::input_error naming the holder's pid when another process
/// has it.
class directory_lock {
public:
  explicit directory_lock(const std::string& directory);
  ~directory_lock();
  directory_lock(const directory_lock&) = delete;
  directory_lock& operator=(const directory_lock&) = delete;

private:
  int fd_ = -1;
};

} // namespace detsim::campaigns
