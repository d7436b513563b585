// tests/fault_plan_test.cpp: the fault plan grammar, good and bad.
#include "detsim/sim/fault_plan.hpp"
#include "detsim/sim/parameters.hpp"

#include <catch2/catch.hpp>

using namespace detsim;

TEST_CASE("a plan with every kind of fault parses", "[sim][faults]") {
  auto plan = sim::fault_plan::parse(
    "at 2s kill resource-3; at 5s restart resource-3\n"
    "from 1s to 4s partition agents|resources  # comment\n"
    "from 3s to 3.5s loss 0.2 link a->b; from 6s to 7s latency +50ms node x\n"
    "from 1s to 2s partition a->b; from 0s to 1s duplicate 0.1\n"
    "from 2s to 4s slow 4x node node-1\n");
  REQUIRE(plan.size() == 8);
  auto& f = plan.faults();
  CHECK(f[0].kind == sim::fault_kind::kill);
  CHECK(f[0].start.count() == 2'000'000'000);
  CHECK(f[0].node == "resource-3");
  CHECK(f[2].kind == sim::fault_kind::partition);
  CHECK(f[2].source == "agents");
  CHECK(f[2].target == "resources");
  CHECK_FALSE(f[2].directed);
  CHECK(f[3].probability == 0.2);
  CHECK(f[3].source == "a");
  CHECK(f[3].end.count() == 3'500'000'000);
  CHECK(f[4].extra.count() == 50'000'000);
  CHECK(f[4].node == "x");
  CHECK(f[5].directed);
  CHECK(f[6].kind == sim::fault_kind::duplicate);
  CHECK(f[7].kind == sim::fault_kind::slow);
  CHECK(f[7].factor == 4);
  CHECK(f[7].node == "node-1");
}

TEST_CASE("a plan prints back to text that parses to the same plan", "[sim][faults]") {
  auto plan = sim::fault_plan::parse(
    "at 2s kill r; from 1s to 4s partition a|b; from 3s to 3.5s loss 0.2 link a->b;"
    "from 6s to 7s latency +50ms node x; from 1s to 2s partition a->b;"
    "from 1s to 3s slow 2.5x node n");
  auto again = sim::fault_plan::parse(plan.to_string());
  CHECK(again.faults() == plan.faults());
  CHECK(sim::fault_plan::parse(plan.to_inline()).faults() == plan.faults());
}

TEST_CASE("bad plans name the line and column", "[sim][faults]") {
  using Catch::Contains;
  CHECK_THROWS_WITH(sim::fault_plan::parse("at 2s crsh r", "p.txt"),
                    Contains("fault plan 'p.txt' line 1 column 7: unknown action 'crsh'"));
  CHECK_THROWS_WITH(sim::fault_plan::parse("at 1s kill a\nat soon kill b"),
                    Contains("line 2 column 4: 'soon' is not a time"));
  CHECK_THROWS_WITH(sim::fault_plan::parse("from 3s to 1s loss 0.1"),
                    Contains("ends before it starts"));
  CHECK_THROWS_WITH(sim::fault_plan::parse("from 1s to 2s loss 1.5"),
                    Contains("not a probability"));
  CHECK_THROWS_WITH(sim::fault_plan::parse("from 1s to 2s partition ab"),
                    Contains("is not a partition"));
  CHECK_THROWS_WITH(sim::fault_plan::parse("at 1s kill"), Contains("expected a node"));
  CHECK_THROWS_WITH(sim::fault_plan::parse("at 1s kill a b"), Contains("unexpected 'b'"));
  CHECK_THROWS_WITH(sim::fault_plan::parse("from 1s to 2s latency 50ms"),
                    Contains("not an added latency"));
  CHECK_THROWS_AS(sim::fault_plan::parse("kill a at 1s"), sim::input_error);
  CHECK_THROWS_WITH(sim::fault_plan::parse("from 1s to 2s slow 0.5x node a"),
                    Contains("column 20: '0.5x' is not a slowdown"));
  CHECK_THROWS_WITH(sim::fault_plan::parse("from 1s to 2s slow 3 link a->b"),
                    Contains("slow applies to nodes"));
}

TEST_CASE("an empty plan or comments only is fine", "[sim][faults]") {
  CHECK(sim::fault_plan::parse("").empty());
  CHECK(sim::fault_plan::parse("# nothing\n;;\n").empty());
}

TEST_CASE("a comment runs to the end of its line, past any semicolon", "[sim][faults]") {
  auto plan = sim::fault_plan::parse("# at 50ms kill resource-0; at 60ms kill resource-1\n"
                                     "at 70ms kill resource-2 # ; at 80ms kill resource-3\n");
  REQUIRE(plan.size() == 1);
  CHECK(plan.faults()[0].node == "resource-2");
  // Outside a comment ';' still separates statements.
  CHECK(sim::fault_plan::parse("at 1s kill a; at 2s kill b").size() == 2);
}

TEST_CASE("a memory-pressure fault parses, prints back and names its mistakes", "[sim][faults]") {
  using Catch::Contains;
  auto plan = sim::fault_plan::parse("from 1s to 3s memory 25% node nodes");
  REQUIRE(plan.faults().size() == 1);
  CHECK(plan.faults()[0].kind == sim::fault_kind::memory);
  CHECK(plan.faults()[0].factor == 25);
  CHECK(plan.to_string() == "from 1s to 3s memory 25% node nodes\n");
  CHECK(sim::fault_plan::parse(plan.to_string()).faults() == plan.faults());
  CHECK_THROWS_WITH(sim::fault_plan::parse("from 1s to 2s memory 150% node a"),
                    Contains("'150%' is not a share of memory between 0% and 100%"));
  CHECK_THROWS_WITH(sim::fault_plan::parse("from 1s to 2s memory 50 node a"), Contains("'50' is not a share"));
  CHECK_THROWS_WITH(sim::fault_plan::parse("from 1s to 2s memory 0% node a"), Contains("'0%' is not a share"));
  CHECK_THROWS_WITH(sim::fault_plan::parse("from 1s to 2s memory 50%"), Contains("memory applies to nodes"));
}
