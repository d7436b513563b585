// bench/simgrid/platform.cpp: the one platform every SimGrid workload runs on.
#include "workloads.hpp"

#include <simgrid/s4u.hpp>

namespace bench::simgrid_side {

std::vector<simgrid::s4u::Host*> make_platform(std::size_t hosts, double latency_s,
                                               double bytes_per_s) {
  namespace s4u = simgrid::s4u;
  auto* zone = s4u::create_star_zone("bench");
  std::vector<s4u::Host*> made;
  for (std::size_t i = 0; i < hosts; ++i) {
    auto name = std::to_string(i);
    auto* host = zone->create_host("h" + name, 1e9);
    auto* up = zone->create_link("up" + name, bytes_per_s)
                 ->set_latency(latency_s / 2)
                 ->set_sharing_policy(s4u::Link::SharingPolicy::FATPIPE)
                 ->seal();
    auto* loop = zone->create_link("loop" + name, bytes_per_s)
                   ->set_latency(latency_s)
                   ->set_sharing_policy(s4u::Link::SharingPolicy::FATPIPE)
                   ->seal();
    zone->add_route(host->get_netpoint(), nullptr, nullptr, nullptr, {s4u::LinkInRoute{up}}, true);
    zone->add_route(host->get_netpoint(), host->get_netpoint(), nullptr, nullptr,
                    {s4u::LinkInRoute{loop}}, false);
    made.push_back(host);
  }
  zone->seal();
  return made;
}

} // namespace bench::simgrid_side
