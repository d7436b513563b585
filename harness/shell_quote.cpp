// harness/shell_quote.cpp: POSIX shell quoting.
#include "detsim/harness/shell_quote.hpp"

namespace detsim::harness {

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text)
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

} // namespace detsim::harness
