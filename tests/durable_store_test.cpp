// tests/durable_store_test.cpp: a node's simulated disk: what survives a crash, and
// listing its keys.
#include "detsim/sim/durable_store.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace detsim;

TEST_CASE("a crash keeps synced writes and loses the rest", "[sim][store]") {
  sim::durable_store store;
  store.put("a", "1");
  store.sync();
  store.put("b", "2");
  store.crash();
  CHECK(store.get("a") == "1");
  CHECK_FALSE(store.get("b"));
}

TEST_CASE("keys lists synced and pending keys once each, sorted", "[sim][store]") {
  sim::durable_store store;
  store.put("lease/2", "x");
  store.put("lease/1", "x");
  store.sync();
  store.put("lease/1", "y"); // written again since its sync: listed once
  store.put("lease/3", "z");
  store.put("other", "w");
  CHECK(store.keys() == std::vector<std::string>{"lease/1", "lease/2", "lease/3", "other"});
  CHECK(store.keys("lease/") == std::vector<std::string>{"lease/1", "lease/2", "lease/3"});
  CHECK(store.keys("none").empty());
  store.crash();
  CHECK(store.keys() == std::vector<std::string>{"lease/1", "lease/2"});
}

TEST_CASE("a crash keeps a log's synced bytes and, torn, a prefix of its unsynced tail",
          "[sim][store]") {
  std::set<std::size_t> lengths;
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    sim::durable_store store;
    store.append("log", "synced;");
    store.sync();
    store.append("log", "first;");
    store.append("log", "second;");
    auto tear = sim::rng::derive(seed, "tear");
    store.crash(&tear);
    auto kept = store.log("log");
    CHECK(std::string("synced;first;second;").compare(0, kept.size(), kept) == 0);
    CHECK(kept.size() >= 7);
    lengths.insert(kept.size());
  }
  CHECK(lengths.size() > 5); // torn at many places, not one

  sim::durable_store untorn;
  untorn.append("log", "synced;");
  untorn.sync();
  untorn.append("log", "lost;");
  untorn.crash();
  CHECK(untorn.log("log") == "synced;");
  untorn.truncate("log", 3);
  CHECK(untorn.log("log") == "syn");
}
