// tests/live_metrics_test.cpp: the Prometheus exposition is well formed (every sample line
// parses, histogram buckets are cumulative), and `--metrics-port` answers a scrape while a
// run goes on.
#include "detsim/live/prometheus_text.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <chrono>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

namespace {

/// Sample lines by name (with labels): every line that is not a comment must parse.
std::map<std::string, double> parse_exposition(const std::string& text) {
  static const std::regex sample{R"(^([a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})?) (\S+)$)"};
  std::map<std::string, double> out;
  std::istringstream lines{text};
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#')
      continue;
    std::smatch m;
    INFO(line);
    REQUIRE(std::regex_match(line, m, sample));
    out[m[1].str()] = m[3].str() == "+Inf" ? INFINITY : std::stod(m[3].str());
  }
  return out;
}

std::uint16_t free_port() {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(s, reinterpret_cast<sockaddr*>(&address), &length);
  close(s);
  return ntohs(address.sin_port);
}

/// GET /metrics over a plain socket; empty when nothing listens yet.
std::string scrape(std::uint16_t port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (connect(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    std::string request = "GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    send(s, request.data(), request.size(), 0);
    char buffer[65536];
    for (ssize_t n; (n = recv(s, buffer, sizeof buffer, 0)) > 0;)
      response.append(buffer, static_cast<std::size_t>(n));
  }
  close(s);
  return response;
}

} // namespace

TEST_CASE("the exposition parses and its histogram buckets are cumulative", "[live]") {
  sim::histogram h;
  for (int v = 1; v <= 1000; ++v)
    h.record(v * 1000);
  auto text = live::prometheus_text({{"steps_total", 42, "steps", true}, {"odd name!", 1.5, "", false}},
                                    {{"latency_seconds", &h, 1e-9, "latency"}}, "scenario=\"x\"");
  auto samples = parse_exposition(text);
  CHECK(samples.at("detsim_steps_total{scenario=\"x\"}") == 42);
  CHECK(samples.count("detsim_odd_name_{scenario=\"x\"}") == 1);
  CHECK(samples.at("detsim_latency_seconds_count{scenario=\"x\"}") == 1000);
  CHECK(samples.at("detsim_latency_seconds_bucket{scenario=\"x\",le=\"+Inf\"}") == 1000);
  CHECK(samples.at("detsim_latency_seconds_bucket{scenario=\"x\",le=\"1e-06\"}") == 1); // 1 us itself
  CHECK(samples.at("detsim_latency_seconds_bucket{scenario=\"x\",le=\"5e-07\"}") == 0);
  CHECK(samples.at("detsim_latency_seconds_bucket{scenario=\"x\",le=\"0.0001\"}") == 100);
  CHECK(samples.at("detsim_latency_seconds_bucket{scenario=\"x\",le=\"0.001\"}") == 1000);
}

TEST_CASE("a run serves its figures at --metrics-port while it runs", "[live][cli]") {
  auto port = free_port();
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    freopen("/dev/null", "w", stdout);
    execl(DETSIM_BINARY, DETSIM_BINARY, "run", "exchange-load", "--param", "duration=1h",
          "--no-progress", "--metrics-port", std::to_string(port).c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  std::string response;
  for (int attempt = 0; attempt < 100 && response.find("detsim_steps_total") == std::string::npos; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    response = scrape(port);
  }
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  REQUIRE_THAT(response, Catch::StartsWith("HTTP/1.1 200"));
  auto samples = parse_exposition(response.substr(response.find("\r\n\r\n") + 4));
  const std::string labels = "{scenario=\"exchange-load\",seed=\"1\",engine=\"deterministic\"}";
  CHECK(samples.at("detsim_steps_total" + labels) > 0);
  CHECK(samples.at("detsim_scenario_trades" + labels) > 0);
  CHECK(samples.at("detsim_scenario_latency_seconds_count" + labels) > 0);
}
