// reports/markup.hpp: escaping text for XML and HTML reports.
#pragma once

#include <string>

namespace detsim::reports {

/// Escapes &, <, > and " for use in XML or HTML text and attributes.
inline std::string xml_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

} // namespace detsim::reports
