// tests/network_test.cpp: the network model's statistics and fault effects.
#include "detsim/sim/network.hpp"
#include "detsim/sim/parameters.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace detsim;

namespace {

struct two_nodes {
  sim::network net;
  sim::node_id a, b, c;
  two_nodes(sim::link_profile link = {}) : net(link) {
    a = net.add_node("a");
    b = net.add_node("b");
    c = net.add_node("c", {sim::duration{1000}, 100});
    net.add_to_group("left", a);
    net.add_to_group("right", b);
  }
};

sim::fault make(const std::string& text) {
  return sim::fault_plan::parse(text).faults().front();
}

} // namespace

TEST_CASE("latency is the floor plus exponential jitter with the right mean", "[sim][network]") {
  sim::link_profile link;
  link.latency_min = sim::duration{1'000'000};
  link.latency_jitter_mean = sim::duration{200'000};
  two_nodes n{link};
  sim::rng r{1};
  double sum = 0;
  const int count = 100000;
  for (int i = 0; i < count; ++i) {
    auto d = n.net.route(n.a, n.b, sim::time_point{0}, 64, r);
    REQUIRE(d.result == sim::route_result::deliver);
    REQUIRE(d.arrival.count() >= 1'000'000);
    sum += static_cast<double>(d.arrival.count());
  }
  CHECK(std::abs(sum / count - 1'200'000.0) < 3000);
}

TEST_CASE("loss drops about the configured fraction", "[sim][network]") {
  sim::link_profile link;
  link.loss = 0.1;
  two_nodes n{link};
  sim::rng r{2};
  int dropped = 0;
  for (int i = 0; i < 100000; ++i)
    dropped += n.net.route(n.a, n.b, sim::time_point{0}, 64, r).result == sim::route_result::drop_loss;
  CHECK(std::abs(dropped - 10000) < 500);
}

TEST_CASE("a retransmitting link turns loss into RTO delays, doubling, and gives up only after many",
          "[sim][network]") {
  sim::link_profile link;
  link.latency_min = sim::duration{1'000'000};
  link.latency_jitter_mean = sim::duration{0};
  link.loss = 0.5;
  link.retransmit_after = sim::duration{200'000'000};
  link.max_retransmits = 3;
  two_nodes n{link};
  sim::rng r{3};
  std::map<std::int64_t, int> delays; // arrival -> count
  int dropped = 0;
  const int count = 100000;
  for (int i = 0; i < count; ++i) {
    auto d = n.net.route(n.a, n.b, sim::time_point{0}, 64, r);
    if (d.result == sim::route_result::drop_loss)
      ++dropped;
    else
      ++delays[d.arrival.count()];
  }
  // Arrival after 0, 1, 2 or 3 losses: 1 ms + 0, 200, 600 or 1400 ms; four losses in a row drop it.
  CHECK(delays.size() == 4);
  CHECK(std::abs(delays[1'000'000] - count / 2) < 1000);
  CHECK(std::abs(delays[201'000'000] - count / 4) < 1000);
  CHECK(std::abs(delays[601'000'000] - count / 8) < 800);
  CHECK(std::abs(delays[1'401'000'000] - count / 16) < 600);
  CHECK(std::abs(dropped - count / 16) < 600);
}

TEST_CASE("payloads queue on the sender's NIC and the receiver's downlink, control messages do not",
          "[sim][network]") {
  sim::link_profile link;
  link.latency_min = sim::duration{1'000'000};
  link.latency_jitter_mean = sim::duration{0};
  two_nodes n{link};
  n.net.set_nic(n.a, {1'000'000, 0, {}}); // a sends 1 MB/s
  n.net.set_nic(n.c, {0, 500'000, {}});   // c receives 0.5 MB/s
  sim::rng r{4};
  const std::size_t megabyte = 1'000'000;
  // Two 1 MB transfers from a share its NIC: done after 1 s and 2 s, plus the latency.
  CHECK(n.net.route(n.a, n.b, sim::time_point{0}, megabyte, r).arrival.count() == 1'001'000'000);
  CHECK(n.net.send_backlog(n.a, sim::time_point{0}) == sim::duration{1'000'000'000});
  CHECK(n.net.route(n.a, n.b, sim::time_point{0}, megabyte, r).arrival.count() == 2'001'000'000);
  // A control message does not wait behind them.
  CHECK(n.net.route(n.a, n.b, sim::time_point{0}, sim::control_message_bytes, r).arrival.count() == 1'000'000);
  // b sends without a limit, but c takes 0.5 MB/s: 1 MB arrives after 2 s, a second after 4 s.
  CHECK(n.net.route(n.b, n.c, sim::time_point{0}, megabyte, r).arrival.count() == 2'001'000'000);
  CHECK(n.net.route(n.b, n.c, sim::time_point{0}, megabyte, r).arrival.count() == 4'001'000'000);
  // A slow fault on a slows its NIC too.
  n.net.begin(1, make("from 0s to 100s slow 2x node a"));
  CHECK(n.net.route(n.a, n.b, sim::time_point{3'000'000'000}, megabyte, r).arrival.count() == 5'001'000'000);
}

TEST_CASE("duplication sends a second copy about as often as configured", "[sim][network]") {
  sim::link_profile link;
  link.duplicate = 0.05;
  two_nodes n{link};
  sim::rng r{3};
  int copies = 0;
  for (int i = 0; i < 100000; ++i)
    copies += n.net.route(n.a, n.b, sim::time_point{0}, 64, r).duplicated;
  CHECK(std::abs(copies - 5000) < 350);
}

TEST_CASE("a partition cuts both ways, a directed one only one way", "[sim][network]") {
  two_nodes n;
  sim::rng r{4};
  auto both = make("from 0s to 1s partition left|right");
  n.net.begin(0, both);
  CHECK(n.net.route(n.a, n.b, {}, 64, r).result == sim::route_result::drop_partition);
  CHECK(n.net.route(n.b, n.a, {}, 64, r).result == sim::route_result::drop_partition);
  CHECK(n.net.route(n.a, n.c, {}, 64, r).result == sim::route_result::deliver);
  n.net.end(0);
  CHECK(n.net.route(n.a, n.b, {}, 64, r).result == sim::route_result::deliver);
  auto one_way = make("from 0s to 1s partition a->b");
  n.net.begin(1, one_way);
  CHECK(n.net.route(n.a, n.b, {}, 64, r).result == sim::route_result::drop_partition);
  CHECK(n.net.route(n.b, n.a, {}, 64, r).result == sim::route_result::deliver);
}

TEST_CASE("a latency fault on a node delays its traffic both ways", "[sim][network]") {
  sim::link_profile link;
  link.latency_jitter_mean = sim::duration{0};
  two_nodes n{link};
  sim::rng r{5};
  auto before = n.net.route(n.a, n.b, {}, 64, r).arrival;
  n.net.begin(0, make("from 0s to 1s latency +50ms node b"));
  CHECK(n.net.route(n.a, n.b, {}, 64, r).arrival - before == sim::duration{50'000'000});
  CHECK(n.net.route(n.b, n.a, {}, 64, r).arrival - before == sim::duration{50'000'000});
  CHECK(n.net.route(n.a, n.c, {}, 64, r).arrival == before);
}

TEST_CASE("slow faults multiply while active and leave routing alone", "[sim][network]") {
  two_nodes n;
  auto slow = make("from 0s to 1s slow 4x node left");
  auto slower = make("from 0s to 1s slow 2x node b");
  n.net.begin(0, slow);
  n.net.begin(1, slower);
  CHECK(n.net.slowdown(n.a) == 4);
  CHECK(n.net.slowdown(n.b) == 2);
  CHECK(n.net.slowdown(n.c) == 1);
  sim::rng r{5};
  CHECK(n.net.route(n.a, n.b, {}, 64, r).result == sim::route_result::deliver);
  n.net.end(0);
  CHECK(n.net.slowdown(n.a) == 1);
}

TEST_CASE("overlapping slowdowns multiply up to the most one fault may give", "[sim][network]") {
  two_nodes n;
  n.net.begin(0, make("from 0s to 1s slow 1000x node b"));
  n.net.begin(1, make("from 0s to 1s slow 100x node b"));
  CHECK(n.net.slowdown(n.b) == 100'000); // under the bound: the product
  n.net.begin(2, make("from 0s to 1s slow 1000x node b"));
  CHECK(n.net.slowdown(n.b) == sim::max_slowdown); // 10^8 would be past it
}

TEST_CASE("bandwidth serializes messages on a link", "[sim][network]") {
  sim::link_profile link;
  link.latency_jitter_mean = sim::duration{0};
  link.bandwidth = 1'000'000; // 1 MB/s: 1000 bytes take 1 ms
  two_nodes n{link};
  sim::rng r{6};
  auto first = n.net.route(n.a, n.b, {}, 1000, r).arrival;
  auto second = n.net.route(n.a, n.b, {}, 1000, r).arrival;
  CHECK(second - first == sim::duration{1'000'000});
}

TEST_CASE("node clocks apply skew and drift", "[sim][network]") {
  two_nodes n;
  CHECK(n.net.local_time(n.a, sim::time_point{5'000'000'000}).count() == 5'000'000'000);
  // skew 1us, drift 100 ppm: after 10 s the clock is 1 ms + 1 us ahead.
  CHECK(n.net.local_time(n.c, sim::time_point{10'000'000'000}).count() == 10'001'001'000);
}

TEST_CASE("patterns name nodes, groups and prefixes, and unknown names are errors", "[sim][network]") {
  two_nodes n;
  CHECK(n.net.match("*").size() == 3);
  CHECK(n.net.match("left") == std::vector<sim::node_id>{n.a});
  CHECK(n.net.match("b") == std::vector<sim::node_id>{n.b});
  CHECK(n.net.match("c*") == std::vector<sim::node_id>{n.c});
  CHECK_THROWS_WITH(n.net.validate(sim::fault_plan::parse("at 1s kill resorce-3")),
                    Catch::Contains("'resorce-3' names no node or group"));
}

TEST_CASE("a node keeps the smallest share of memory its active memory faults leave", "[sim][network]") {
  two_nodes n;
  CHECK(n.net.memory_share(n.a) == 1);
  n.net.begin(1, make("from 0s to 10s memory 50% node a"));
  n.net.begin(2, make("from 0s to 10s memory 20% node left"));
  CHECK(n.net.memory_share(n.a) == 0.2);
  CHECK(n.net.memory_share(n.b) == 1);
  n.net.end(2);
  CHECK(n.net.memory_share(n.a) == 0.5);
}

TEST_CASE("nodes are found by name among many, and a name added again finds the newer node",
          "[sim][network]") {
  sim::network net;
  for (int i = 0; i < 100'000; ++i)
    net.add_node("agent-" + std::to_string(i));
  CHECK(net.match("agent-0") == std::vector<sim::node_id>{0});
  CHECK(net.match("agent-99999") == std::vector<sim::node_id>{99'999});
  CHECK(net.match("agent-100000").empty());
  auto again = net.add_node("agent-7");
  CHECK(net.match("agent-7") == std::vector<sim::node_id>{again});
}

TEST_CASE("nodes added before and after one with its own clock keep the global clock",
          "[sim][network]") {
  sim::network net;
  auto before = net.add_node("before");
  auto skewed = net.add_node("skewed", {sim::duration{5}, 0});
  auto after = net.add_node("after");
  sim::time_point t{1'000};
  CHECK(net.local_time(before, t) == t);
  CHECK(net.local_time(skewed, t).count() == 1'005);
  CHECK(net.local_time(after, t) == t);
}
