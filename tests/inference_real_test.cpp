// tests/inference_real_test.cpp: real mode. The client actors, under the realtime engine,
// talk WebSocket to a real local server (tests/inference_server) whose prefill blocks its
// thread: a long prompt ends in 1011 with keepalive pings and passes without them, as in
// seed 001. Times are scaled down (pings every 300 ms) to keep the case near 5 s.
#include "inference_server.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

namespace {

harness::run_outcome run_real(unsigned short port, std::vector<std::string> parameters) {
  harness::run_spec spec;
  spec.scenario = "inference";
  spec.seed = 1;
  spec.realtime = true;
  spec.threads = 2;
  spec.parameters = std::move(parameters);
  spec.parameters.push_back("url=ws://127.0.0.1:" + std::to_string(port) + "/ws/chat/v2");
  spec.parameters.push_back("duration=15s"); // a bound; the run ends when its client is done
  return test::run(spec);
}

} // namespace

TEST_CASE("against a real WebSocket server whose prefill blocks: 1011 with pings, a pass without",
          "[inference][real]") {
  detsim_test::inference_server_options options;
  options.prefill_tokens_per_s = 4000; // 4,029 tokens: a 1 s blocked loop
  options.overhead_s = 0.01;
  options.decode_tokens_per_s = 200;
  options.answer_tokens = 5;
  detsim_test::inference_server server{options, 0};
  server.start();
  const std::vector<std::string> keepalive{"ping_interval=200ms", "ping_timeout=200ms", "reconnects=0"};

  auto short_prompt = keepalive;
  short_prompt.push_back("words=100");
  auto quick = run_real(server.port(), short_prompt);
  CHECK(quick.passed());
  CHECK(test::metric(quick, "tokens_in") == 129);
  CHECK(test::metric(quick, "tokens_out") == 5);
  CHECK(test::metric(quick, "close_code") == 1000);

  auto long_prompt = keepalive;
  long_prompt.push_back("words=4000");
  auto pinged = run_real(server.port(), long_prompt);
  CHECK(test::metric(pinged, "close_code") == 1011);
  REQUIRE_FALSE(test::invariant_passed(pinged, "requests-complete"));
  CHECK(pinged.invariants[0].violations.at(0).find("keepalive ping timeout") != std::string::npos);
  CHECK(pinged.stats.wall_seconds < 3);

  long_prompt.push_back("ping=false");
  auto quiet = run_real(server.port(), long_prompt);
  CHECK(quiet.passed());
  CHECK(test::metric(quiet, "tokens_out") == 5);
  CHECK(test::metric(quiet, "ttft_ms") > 900); // the blocked second, seen as time to first token
  server.stop();
}

TEST_CASE("a real-mode client reports a server that is not there as a close, not a hang", "[inference][real]") {
  unsigned short port = 0;
  { // a port that was free a moment ago and has no listener now
    detsim_test::inference_server probe{{}, 0};
    port = probe.port();
  }
  auto outcome = run_real(port, {"reconnects=1", "backoff=50ms"});
  CHECK_FALSE(test::invariant_passed(outcome, "requests-complete"));
  CHECK(outcome.invariants[0].violations.at(0).find("cannot connect") != std::string::npos);
  CHECK(test::metric(outcome, "close_code") == 1006);
  CHECK(outcome.stats.wall_seconds < 3);
}
