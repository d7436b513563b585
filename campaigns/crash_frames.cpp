// campaigns/crash_frames.cpp: backtrace on fatal signals and frame parsing.
#include "detsim/campaigns/crash_frames.hpp"

#include <csignal>
#include <cstring>
#include <cxxabi.h>
#include <execinfo.h>
#include <memory>
#include <unistd.h>

namespace detsim::campaigns {

namespace {

int report_fd = -1;

void on_fatal_signal(int signal) {
  void* frames[32];
  int count = backtrace(frames, 32);
  // Return addresses point after the call; after a call to a noreturn function (abort)
  // that can be past the caller's end, so look one byte back.
  for (int i = 1; i < count; ++i)
    frames[i] = static_cast<char*>(frames[i]) - 1;
  // backtrace_symbols_fd allocates nothing, so it is safe enough in a dying process.
  static const char marker[] = "frames:\n";
  auto ignored = write(report_fd, marker, sizeof(marker) - 1);
  (void)ignored;
  backtrace_symbols_fd(frames, count, report_fd);
  std::signal(signal, SIG_DFL);
  raise(signal);
}

/// "binary(_ZN3foo3barEv+0x12) [0x...]" -> "foo::bar()"; empty if there is no symbol.
std::string symbol_of(const std::string& line) {
  auto open = line.find('(');
  auto plus = line.find('+', open);
  if (open == std::string::npos || plus == std::string::npos || plus == open + 1)
    return {};
  auto mangled = line.substr(open + 1, plus - open - 1);
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> demangled{
    abi::__cxa_demangle(mangled.c_str(), nullptr, nullptr, &status), &std::free};
  std::string name = status == 0 && demangled ? demangled.get() : mangled;
  // Parameter lists make signatures long and say little: keep the qualified name.
  auto params = name.find('(');
  return params == std::string::npos || params == 0 ? name : name.substr(0, params);
}

bool is_machinery(const std::string& symbol) {
  for (const char* skip : {"on_fatal_signal", "raise", "abort", "__pthread_kill", "pthread_kill",
                           "gsignal", "__restore_rt", "__assert_fail", "__libc_message",
                           "assertion_failed"})
    if (symbol.find(skip) != std::string::npos)
      return true;
  return false;
}

} // namespace

void install_crash_reporter(int fd) {
  report_fd = fd;
  for (int signal : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL})
    std::signal(signal, on_fatal_signal);
}

std::vector<std::string> top_frames(const std::string& child_output, std::size_t count) {
  std::vector<std::string> frames;
  auto start = child_output.find("frames:\n");
  if (start == std::string::npos)
    return frames;
  std::size_t pos = start + 8;
  while (pos < child_output.size() && frames.size() < count) {
    auto end = child_output.find('\n', pos);
    auto line = child_output.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    pos = end == std::string::npos ? child_output.size() : end + 1;
    auto symbol = symbol_of(line);
    if (!symbol.empty() && !is_machinery(symbol))
      frames.push_back(symbol);
  }
  return frames;
}

} // namespace detsim::campaigns
