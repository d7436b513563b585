// tests/sweep_test.cpp: `detsim sweep`: value lists and ranges, profiles, the grid, seeds
// per point with mean/min/max, resuming without losing or repeating runs, and the
// search for a limit.
#include "detsim/sim/parameters.hpp"
#include "detsim/campaigns/sweep_axes.hpp"
#include "detsim/campaigns/sweep_search.hpp"
#include "detsim/campaigns/sweep.hpp"
#include "detsim/campaigns/sweep_summary.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>

namespace {

std::pair<int, std::string> detsim_cli(const std::string& args) {
  return test::shell(std::string(DETSIM_BINARY) + " " + args);
}

std::string fresh_dir(const std::string& name) {
  auto dir = test::temp_path(name);
  std::filesystem::remove_all(dir);
  return dir;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (auto end = text.find('\n'); end != std::string::npos; end = text.find('\n', start)) {
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

} // namespace

TEST_CASE("sweep axes: value lists, geometric and arithmetic ranges", "[sweeps]") {
  CHECK(campaigns::parse_axis("workers=1,2,4").values == std::vector<std::string>{"1", "2", "4"});
  CHECK(campaigns::parse_axis("rate=10000..200000:x2").values ==
        std::vector<std::string>{"10000", "20000", "40000", "80000", "160000"});
  CHECK(campaigns::parse_axis("words=128..16384:x2").values.back() == "16384"); // hi exactly
  CHECK(campaigns::parse_axis("loss=0..0.3:+0.1").values ==
        std::vector<std::string>{"0", "0.1", "0.2", "0.3"});
  for (auto bad : {"rate", "=5", "rate=1,,2", "rate=10..1:x2", "rate=0..10:x2", "rate=1..10:x1",
                   "rate=1..10:+0", "rate=1..10", "rate=a..b:x2", "rate=1..1e9:+1"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(campaigns::parse_axis(bad), sim::input_error);
  }
}

TEST_CASE("a profile is k=v lines with comments, and --param overrides it", "[sweeps]") {
  auto path = test::temp_path("profile.params");
  test::write_file(path, "# low latency\nbatch_max = 50\nworkers=8   # one per core\n\n");
  campaigns::sweep_config config;
  CHECK_THROWS_WITH(campaigns::read_profile(path), Catch::Contains("line 2"));
  test::write_file(path, "# low latency\nbatch_max=50\nworkers=8   # one per core\n\n");
  campaigns::add_parameters(config, {path}, {"workers=1,2", "rate=5"});
  CHECK(config.fixed == std::vector<std::string>{"batch_max=50", "rate=5"});
  REQUIRE(config.axes.size() == 1);
  CHECK(config.axes[0].name == "workers");
  std::remove(path.c_str());
}

TEST_CASE("the grid is every combination, the first axis slowest", "[sweeps]") {
  auto points = campaigns::grid({{"a", {"1", "2"}}, {"b", {"x", "y", "z"}}});
  REQUIRE(points.size() == 6);
  CHECK(points[0] == campaigns::sweep_point{{"a", "1"}, {"b", "x"}});
  CHECK(points[5] == campaigns::sweep_point{{"a", "2"}, {"b", "z"}});
  CHECK_THROWS_AS(campaigns::grid({{"a", std::vector<std::string>(1000, "1")},
                                {"b", std::vector<std::string>(1000, "1")}}),
                  sim::input_error);
}

TEST_CASE("a sweep runs every point with every seed and reports mean, min and max",
          "[cli][sweeps]") {
  auto dir = fresh_dir("sweep-grid");
  auto [code, output] = detsim_cli("sweep swarm --param agents=5,10 --param resources=2 "
                                   "--param duration=100ms --seeds 1..3 --jobs 2 --out " + dir);
  REQUIRE(code == 0);
  auto csv = lines_of(test::read_file(dir + "/sweep.csv"));
  REQUIRE(csv.size() == 3);
  CHECK_THAT(csv[0], Catch::StartsWith("agents,runs,passed,decisions_mean,decisions_min,decisions_max"));
  CHECK_THAT(csv[1], Catch::StartsWith("5,3,3,"));
  CHECK_THAT(csv[2], Catch::StartsWith("10,3,3,"));
  auto json = nlohmann::json::parse(test::read_file(dir + "/sweep.json"));
  auto decisions = json["points"][1]["metrics"][0];
  CHECK(decisions["name"] == "decisions");
  CHECK(decisions["mean"].get<double>() == 2 * json["points"][0]["metrics"][0]["mean"].get<double>());
  CHECK(lines_of(test::read_file(dir + "/journal.jsonl")).size() == 6);
  CHECK_THAT(test::read_file(dir + "/report.html"), Catch::Contains("<svg"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("a resumed sweep runs only what its journal lacks and ends with the same table",
          "[cli][sweeps]") {
  auto dir = fresh_dir("sweep-resume");
  auto args = "sweep swarm --param agents=4,8 --param resources=2 --param duration=100ms "
              "--seeds 1..2 --out " + dir;
  REQUIRE(detsim_cli(args).first == 0);
  auto complete = test::read_file(dir + "/sweep.csv");
  auto journal = lines_of(test::read_file(dir + "/journal.jsonl"));
  // As if killed after two runs, mid-write of the third.
  test::write_file(dir + "/journal.jsonl", journal[0] + "\n" + journal[1] + "\n" + journal[2].substr(0, 20));
  auto [code, output] = detsim_cli("sweep --resume " + dir);
  REQUIRE(code == 0);
  CHECK_THAT(output, Catch::Contains("2 points x 2 seeds, 2 runs to go"));
  CHECK(test::read_file(dir + "/sweep.csv") == complete);
  CHECK(lines_of(test::read_file(dir + "/journal.jsonl")).size() == 4);
  CHECK(detsim_cli(args).first == 2); // a second sweep into the same directory is refused
  std::filesystem::remove_all(dir);
}

TEST_CASE("search finds the largest value meeting a condition within 1% in at most 12 runs",
          "[cli][sweeps]") {
  // 200 ms at 100 decisions per agent-second: decisions = 20 x agents, so the limit of
  // decisions<=20000 is exactly 1000 agents.
  auto dir = fresh_dir("sweep-search");
  auto [code, output] = detsim_cli("sweep swarm --param resources=2 --param duration=200ms "
                                   "--search agents=10..4000 --until 'decisions<=20000' --out " + dir);
  REQUIRE(code == 0);
  auto at = output.find("largest agents meeting decisions<=20000: ");
  REQUIRE(at != std::string::npos);
  auto found = std::stod(output.substr(at + 41));
  CHECK(found <= 1000);
  CHECK(found >= 1000 - (4000 - 10) / 100.0);
  auto runs = std::count(output.begin(), output.end(), '\n') - 2;
  CHECK(runs <= 12);
  CHECK_THAT(test::read_file(dir + "/report.html"), Catch::Contains("id=\"answer\""));
  std::filesystem::remove_all(dir);
}

TEST_CASE("sweep input errors are one line and exit 2", "[cli][sweeps]") {
  auto dir = fresh_dir("sweep-bad");
  for (const std::string& args : {"sweep nosuch --param a=1,2 --out " + dir,
                           "sweep swarm --param agents=1..10 --out " + dir,
                           "sweep swarm --param agents=5,x --out " + dir,
                           "sweep swarm --param agents=5,10 --until verdict=pass --out " + dir,
                           "sweep swarm --search agents=10..1 --until verdict=pass --out " + dir,
                           "sweep swarm --search agents=1..10 --until 'p99<<3' --out " + dir,
                           std::string("sweep swarm --param agents=5,10"),
                           "sweep --resume " + dir}) {
    CAPTURE(args);
    auto [code, output] = detsim_cli(args);
    CHECK(code == 2);
    CHECK(std::count(output.begin(), output.end(), '\n') == 1);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("a sweep's charts use log axes where values span decades, linear ones otherwise",
          "[cli][sweeps]") {
  auto dir = fresh_dir("sweep-log");
  REQUIRE(detsim_cli("sweep swarm --param agents=10..2560:x4 --param resources=2 "
                     "--param duration=50ms --out " + dir).first == 0);
  auto html = test::read_file(dir + "/report.html");
  CHECK_THAT(html, Catch::Contains("agents (log)"));
  CHECK_THAT(html, Catch::Contains("decisions (log)"));
  std::filesystem::remove_all(dir);
  REQUIRE(detsim_cli("sweep swarm --param agents=10,20 --param resources=2 "
                     "--param duration=50ms --out " + dir).first == 0);
  CHECK_THAT(test::read_file(dir + "/report.html"), !Catch::Contains("(log)"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("a search over fractional bounds tries fractional values", "[sweeps]") {
  auto whole = campaigns::parse_search("workers=1..16");
  CHECK(whole.whole);
  auto fraction = campaigns::parse_search("loss=0.0..0.5");
  CHECK_FALSE(fraction.whole);
  CHECK(fraction.name == "loss");
  CHECK(fraction.hi == 0.5);
  for (auto bad : {"loss", "=0..1", "loss=1..0", "loss=0..", "loss=a..1"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(campaigns::parse_search(bad), sim::input_error);
  }
}

TEST_CASE("sweep tables print counts and large rates whole, small values to four digits",
          "[campaigns][sweep]") {
  CHECK(campaigns::format_metric(10000) == "10000");
  CHECK(campaigns::format_metric(193254.4) == "193254");
  CHECK(campaigns::format_metric(9.4771) == "9.477");
  CHECK(campaigns::format_metric(1e15 + 0.5) == "1e+15");
  CHECK(campaigns::format_metric(std::nan("")) == "-");
}

TEST_CASE("a sweep's saved config keeps its engine, and one saved without an engine was deterministic",
          "[campaigns][sweep]") {
  campaigns::sweep_config config;
  config.scenario = "ingest";
  config.axes = {{"rate", {"1000", "2000"}}};
  config.realtime = true;
  config.threads = 2;
  auto back = campaigns::sweep_config::from_json(config.to_json(), "test");
  CHECK(back.realtime);
  CHECK(back.threads == 2);
  CHECK(back.spec_for({{"rate", "1000"}}, 1).realtime);
  auto old = nlohmann::json::parse(config.to_json());
  old.erase("engine");
  old.erase("threads");
  CHECK_FALSE(campaigns::sweep_config::from_json(old.dump(), "old").realtime);
  old["engine"] = "quantum";
  CHECK_THROWS_WITH(campaigns::sweep_config::from_json(old.dump(), "bad"), Catch::Contains("engine"));
}
