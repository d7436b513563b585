// tests/durable_store_test.cpp: a node's simulated disk: what survives a crash, and
// listing its keys.
#include "detsim/sim/durable_store.hpp"

#include <catch2/catch.hpp>

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
