// campaigns/crash_frames.hpp: the top stack frames of a crashing run. A child installs the
// handler; when it dies of a signal, the frames go over its result pipe, and the parent
// turns them into a bucket signature that names where it crashed, not only how.
#pragma once

#include <string>
#include <vector>

namespace detsim::campaigns {

/// In the child: on SIGSEGV, SIGABRT, SIGBUS, SIGFPE or SIGILL, write "frame: SYMBOL"
/// lines to `fd`, then die of the signal as before.
void install_crash_reporter(int fd);

/// In the parent: the demangled function names of the first `count` frames that are not
/// the reporter, libc's abort machinery or the signal trampoline.
std::vector<std::string> top_frames(const std::string& child_output, std::size_t count);

} // namespace detsim::campaigns
