// harness/shell_quote.hpp: quoting for the command lines detsim prints (reproduce lines).
#pragma once

#include <string>

namespace detsim::harness {

/// Quotes text for a POSIX shell: 'it'\''s'.
std::string shell_quote(const std::string& text);

} // namespace detsim::harness
