// tests/source_rules_test.cpp: model code (sim/, actors/, scenarios/) must not reach for
// wall clocks, unseeded randomness or threads: determinism is the product.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

TEST_CASE("model code uses no wall clock, random_device, rand or threads", "[rules]") {
  const std::regex banned{
    R"(std::random_device|[^_a-zA-Z]rand\(\)|srand\(|(system_clock|steady_clock|high_resolution_clock)::now|std::thread|sleep_for|make_timestamp\(|std::async)"};
  std::vector<std::string> hits;
  std::size_t files = 0;
  for (auto folder : {"sim", "actors", "scenarios"}) {
    for (auto& entry :
         std::filesystem::recursive_directory_iterator(std::string(DETSIM_SOURCE_DIR) + "/" + folder)) {
      auto ext = entry.path().extension();
      if (ext != ".cpp" && ext != ".hpp")
        continue;
      ++files;
      std::ifstream in(entry.path());
      std::string line;
      for (int number = 1; std::getline(in, line); ++number) {
        auto code = line.substr(0, line.find("//"));
        if (std::regex_search(code, banned))
          hits.push_back(entry.path().string() + ":" + std::to_string(number) + ": " + line);
      }
    }
  }
  CHECK(files > 10);
  for (auto& hit : hits)
    FAIL_CHECK(hit);
}

TEST_CASE("the rule itself catches a wall clock read", "[rules]") {
  const std::regex banned{R"((system_clock|steady_clock|high_resolution_clock)::now)"};
  CHECK(std::regex_search(std::string("auto t = std::chrono::steady_clock::now();"), banned));
}
