// reports/junit.cpp: JUnit XML for a campaign summary.
#include "detsim/reports/junit.hpp"

#include "detsim/reports/markup.hpp"

#include <fmt/format.h>

namespace detsim::reports {

std::string junit_xml(const campaigns::campaign_config& config, const campaigns::campaign_summary& s) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += fmt::format("<testsuite name=\"detsim campaign {}\" tests=\"{}\" failures=\"{}\">\n",
                     xml_escape(config.scenario), s.buckets.size() + 1, s.buckets.size());
  xml += fmt::format("  <testcase classname=\"{}\" name=\"{} runs\"/>\n",
                     xml_escape(config.scenario), s.runs);
  for (auto& b : s.buckets)
    xml += fmt::format("  <testcase classname=\"{}\" name=\"{}\">\n"
                       "    <failure message=\"{} runs, first seed {}\">{}\nreproduce: {}"
                       "</failure>\n  </testcase>\n",
                       xml_escape(config.scenario), xml_escape(b.signature), b.count,
                       b.first_seed, xml_escape(b.message), xml_escape(b.reproduce));
  return xml + "</testsuite>\n";
}

} // namespace detsim::reports
