// campaigns/directory_lock.cpp: flock on a lock file that records the holder's pid.
#include "detsim/campaigns/directory_lock.hpp"

#include "detsim/replays/trace_header.hpp"
#include "detsim/sim/parameters.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/file.h>
#include <unistd.h>

namespace detsim::campaigns {

directory_lock::directory_lock(const std::string& directory) {
  auto path = directory + "/.lock";
  fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw replays::io_error("cannot open '" + path + "': " + std::strerror(errno));
  if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    char holder[32] = {};
    auto n = pread(fd_, holder, sizeof holder - 1, 0);
    close(fd_);
    fd_ = -1;
    throw sim::input_error("campaign: '" + directory + "' is in use by process " +
                           (n > 0 ? std::string(holder, static_cast<std::size_t>(n)) : "?") +
                           " (another campaign or --resume on the same directory)");
  }
  auto pid = std::to_string(getpid());
  if (ftruncate(fd_, 0) != 0 || pwrite(fd_, pid.data(), pid.size(), 0) < 0)
    throw replays::io_error("cannot write '" + path + "': " + std::strerror(errno));
}

directory_lock::~directory_lock() {
  if (fd_ >= 0)
    close(fd_); // releases the flock
}

} // namespace detsim::campaigns
