// tests/source_rules_test.cpp: detsim's sources keep their layering (no include against
// the arrows, public headers include only public headers) and model code keeps
// determinism (no wall clock, unseeded randomness, threads or hash-order iteration).
// Each rule is also applied to a planted bad line, so the rule itself is shown to fail.
#include "source_rules.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

struct source_file {
  std::string path; ///< relative to the source root
  std::vector<std::string> lines;
};

std::vector<source_file> sources(std::initializer_list<const char*> folders) {
  std::vector<source_file> found;
  const std::filesystem::path root = DETSIM_SOURCE_DIR;
  for (auto folder : folders)
    for (auto& entry : std::filesystem::recursive_directory_iterator(root / folder)) {
      auto ext = entry.path().extension();
      if (ext != ".cpp" && ext != ".hpp")
        continue;
      source_file file{std::filesystem::relative(entry.path(), root).generic_string(), {}};
      std::ifstream in(entry.path());
      for (std::string line; std::getline(in, line);)
        file.lines.push_back(line);
      found.push_back(std::move(file));
    }
  return found;
}

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> items;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');)
    items.push_back(item);
  return items;
}

} // namespace

TEST_CASE("no include goes against the layer arrows", "[rules]") {
  auto files = sources({"sim", "runtime", "engines", "actors", "scenarios", "replays", "harness",
                        "campaigns", "reports", "cli"});
  CHECK(files.size() > 80);
  for (auto& file : files)
    for (auto& line : file.lines)
      if (auto header = rules::included_header(line); !header.empty())
        if (auto why = rules::layering_violation(file.path, header); !why.empty())
          FAIL_CHECK(why);
}

TEST_CASE("the layering rule refuses a wrong-way include", "[rules]") {
  CHECK(rules::included_header("#include \"detsim/engines/sim_clock.hpp\"") == "engines/sim_clock.hpp");
  CHECK_FALSE(rules::layering_violation("scenarios/swarm/swarm.cpp", "engines/sim_clock.hpp").empty());
  CHECK_FALSE(rules::layering_violation("actors/swarm/agent.hpp", "actors/vstack/client.hpp").empty());
  CHECK_FALSE(rules::layering_violation("replays/trace_reader.cpp", "runtime/world.hpp").empty());
  CHECK_FALSE(rules::layering_violation("harness/runner.cpp", "campaigns/campaign.hpp").empty());
  CHECK(rules::layering_violation("cli/app.cpp", "harness/runner.hpp").empty());
  CHECK(rules::layering_violation("actors/vstack/storage.hpp", "actors/paxos/acceptor.hpp").empty());
}

TEST_CASE("public headers include only public headers", "[rules]") {
  auto public_headers = split(DETSIM_PUBLIC_HEADERS);
  std::set<std::string> is_public(public_headers.begin(), public_headers.end());
  CHECK(is_public.count("runtime/node_actor.hpp") == 1);
  CHECK(is_public.count("engines/deterministic_engine.hpp") == 0);
  const std::filesystem::path root = DETSIM_SOURCE_DIR;
  for (auto& header : public_headers) {
    std::ifstream in(root / header);
    REQUIRE(in);
    for (std::string line; std::getline(in, line);)
      if (auto included = rules::included_header(line); !included.empty())
        if (!is_public.count(included))
          FAIL_CHECK(header + " is installed but includes " + included + ", which is not");
  }
}

TEST_CASE("model code uses no wall clock, random_device, rand or threads", "[rules]") {
  auto files = sources({"sim", "runtime", "actors", "scenarios"});
  CHECK(files.size() > 40);
  // Real I/O that only a realtime run reaches (the scenario refuses url= elsewhere).
  const std::set<std::string> realtime_only{"actors/inference/ws_transport.cpp"};
  for (auto& file : files)
    for (std::size_t i = 0; i < file.lines.size(); ++i)
      if (!realtime_only.count(file.path) && rules::nondeterministic_call(file.lines[i]))
        FAIL_CHECK(file.path + ":" + std::to_string(i + 1) + ": " + file.lines[i]);
}

TEST_CASE("model code never iterates an unordered container", "[rules]") {
  auto files = sources({"sim", "runtime", "actors", "scenarios"});
  std::set<std::string> names;
  for (auto& file : files)
    for (auto& line : file.lines)
      if (auto name = rules::unordered_name(line); !name.empty())
        names.insert(name);
  for (auto& file : files)
    for (std::size_t i = 0; i < file.lines.size(); ++i)
      for (auto& name : names)
        if (rules::iterates(file.lines[i], name))
          FAIL_CHECK(file.path + ":" + std::to_string(i + 1) + " iterates " + name);
}

TEST_CASE("the determinism rules catch planted lines", "[rules]") {
  CHECK(rules::nondeterministic_call("auto t = std::chrono::steady_clock::now();"));
  CHECK(rules::nondeterministic_call("std::random_device seed;"));
  CHECK_FALSE(rules::nondeterministic_call("// steady_clock::now() is banned here"));
  CHECK(rules::unordered_name("  std::unordered_map<std::uint64_t, link_profile> links_;") == "links_");
  CHECK(rules::iterates("  for (auto& [key, value] : links_)", "links_"));
  CHECK(rules::iterates("  auto i = links_.begin();", "links_"));
  CHECK_FALSE(rules::iterates("  auto i = links_.find(key);", "links_"));
}

TEST_CASE("test names hold no semicolon and start with no dash, which ctest mangles", "[rules]") {
  // A cut name matches no Catch test: ctest would report a pass for a test that never ran;
  // a leading dash makes Catch read the name as an option.
  std::regex test_case{R"(TEST_CASE\("([^"]*)\")"};
  for (const auto& file : sources({"tests"}))
    for (const auto& line : file.lines) {
      std::smatch m;
      if (std::regex_search(line, m, test_case)) {
        CAPTURE(file.path, m[1].str());
        CHECK(m[1].str().find(';') == std::string::npos);
        CHECK(m[1].str().rfind('-', 0) != 0);
      }
    }
}
