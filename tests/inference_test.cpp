// tests/inference_test.cpp: the inference scenario reproduces seed 001 (the context sweep
// passing to 8,192 words and failing at 16,384 with 1011 unless pings are off; answers of
// ~21 tokens whatever max_tokens is), its context window, the one event loop that stalls
// every client, and the planted reconnect bug on both sides.
#include "campaign_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>

namespace {

harness::run_outcome run_inference(std::uint64_t seed, std::vector<std::string> parameters,
                                   std::string faults = {}, std::string chaos = {}) {
  harness::run_spec spec;
  spec.scenario = "inference";
  spec.seed = seed;
  spec.parameters = std::move(parameters);
  spec.faults = std::move(faults);
  spec.chaos = std::move(chaos);
  return test::run(spec);
}

} // namespace

TEST_CASE("the seed's context sweep passes to 8192 words and fails at 16384 with 1011 unless pings are off",
          "[inference]") {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    for (int words : {128, 1024, 8192}) {
      auto outcome = run_inference(seed, {"words=" + std::to_string(words)});
      CHECK(outcome.passed());
      CHECK(test::metric(outcome, "tokens_in") == words + 29);
    }
    auto pinged = run_inference(seed, {"words=16384"});
    CHECK_FALSE(test::invariant_passed(pinged, "requests-complete"));
    CHECK(test::metric(pinged, "close_code") == 1011);
    CHECK(pinged.invariants[0].violations.at(0).find("keepalive ping timeout; no close frame received") !=
          std::string::npos);
    auto quiet = run_inference(seed, {"words=16384", "ping=false"});
    CHECK(quiet.passed());
    CHECK(test::metric(quiet, "tokens_in") == 16413);
  }
}

TEST_CASE("the pong that comes back late says how close a long prefill came to the keepalive timeout",
          "[inference]") {
  // 8192 words: the first ping (20 s) waits until the prefill ends at ~28 s.
  auto outcome = run_inference(1, {"words=8192"});
  CHECK(test::metric(outcome, "longest_pong_ms") > 5000);
  CHECK(test::metric(outcome, "longest_pong_ms") < 20000);
  CHECK(test::metric(run_inference(1, {"words=128"}), "longest_pong_ms") == 0); // done before any ping
}

TEST_CASE("answers stop near 21 tokens whatever max_tokens is, and min_tokens forces long ones",
          "[inference]") {
  for (int cap : {512, 16384}) {
    double sum = 0, low = 1e9, high = 0;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      auto out = test::metric(run_inference(seed, {"max_tokens=" + std::to_string(cap), "ping=false"}), "tokens_out");
      sum += out;
      low = std::min(low, out);
      high = std::max(high, out);
    }
    CAPTURE(cap, low, high);
    CHECK(sum / 20 > 19);
    CHECK(sum / 20 < 23);
    CHECK(high < cap);
  }
  auto forced = run_inference(1, {"max_tokens=16384", "min_tokens=4096", "ping=false"});
  CHECK(test::metric(forced, "tokens_out") >= 4096);
  CHECK(test::metric(forced, "tokens_out") < 4200);
  auto capped = run_inference(1, {"max_tokens=1024", "min_tokens=4096", "ping=false"});
  CHECK(test::metric(capped, "tokens_out") == 1024);
}

TEST_CASE("a prompt beyond the context window is refused, one within it is served", "[inference]") {
  auto fits = run_inference(1, {"words=32739", "ping=false"});
  CHECK(fits.passed());
  auto over = run_inference(1, {"words=32740", "ping=false"});
  CHECK_FALSE(test::invariant_passed(over, "requests-complete"));
  CHECK(over.invariants[0].violations.at(0).find("context length exceeded: 32769 tokens > max_context 32768") !=
        std::string::npos);
  auto huge = run_inference(1, {"words=200000", "ping=false", "max_context=1000000"});
  CHECK(test::metric(huge, "close_code") == 1009);
  CHECK(test::metric(huge, "reconnects") == 0); // too big stays too big: no retry
}

TEST_CASE("one event loop: eight clients' prefills stall each other's pings where one client passes",
          "[inference]") {
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    CAPTURE(seed);
    CHECK(run_inference(seed, {"words=4096"}).passed());
    auto crowd = run_inference(seed, {"words=4096", "clients=8"});
    CHECK(test::metric(crowd, "close_code") == 1011);
    CHECK(test::metric(crowd, "abandoned_prefill_s") > 0); // the server kept reading for clients who left
    auto patient = run_inference(seed, {"words=4096", "clients=8", "ping=false"});
    CHECK(patient.passed());
  }
}

TEST_CASE("the reconnecting client recovers from a server restart and a partition, and loss costs retransmissions",
          "[inference]") {
  // The server dies during the prefill and comes back: the client's ping goes unanswered or
  // is reset, it reconnects and sends its request again.
  auto killed = run_inference(1, {"words=1024"}, "at 2s kill server; at 3s restart server");
  CHECK(killed.passed());
  CHECK(test::metric(killed, "reconnects") >= 1);
  // Cut off long enough for the keepalive to give up (20 s + 20 s), then healed.
  auto cut = run_inference(1, {"words=1024", "max_tokens=2000", "min_tokens=1000"},
                           "from 10s to 60s partition server|clients");
  CHECK(cut.passed());
  CHECK(test::metric(cut, "reconnects") >= 1);
  // Loss on a TCP stream is a retransmission, not a broken connection: every seed passes,
  // and the tail of inter-token latency grows by the retransmission timeouts.
  double clean_tail = 0, lossy_tail = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    CAPTURE(seed);
    std::vector<std::string> load{"clients=4", "requests=3", "max_tokens=64"};
    auto clean = run_inference(seed, load);
    load.push_back("loss=0.02");
    auto lossy = run_inference(seed, load);
    CHECK(lossy.passed());
    CHECK(test::metric(lossy, "reconnects") == 0);
    clean_tail += test::metric(clean, "itl_ms_p99");
    lossy_tail += test::metric(lossy, "itl_ms_p99");
  }
  CHECK(lossy_tail / 20 > clean_tail / 20 + 100); // a 200 ms RTO shows in the p99
}

TEST_CASE("planted bug reconnect_resends=false: passes without a broken connection, hangs after one",
          "[inference][planted]") {
  const std::string restart = "at 2s kill server; at 3s restart server";
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    CHECK(run_inference(seed, {"words=1024", "reconnect_resends=false"}).passed());
    auto broken = run_inference(seed, {"words=1024", "reconnect_resends=false"}, restart);
    CHECK_FALSE(test::invariant_passed(broken, "requests-answered"));
    CHECK(broken.invariants[1].violations.at(0).find("never sent again after a reconnect") != std::string::npos);
    CHECK(run_inference(seed, {"words=1024"}, restart).passed());
  }
}

TEST_CASE("the inference scenario refuses a real server's url outside the realtime engine and a malformed one",
          "[inference]") {
  CHECK_THROWS_WITH(run_inference(1, {"url=ws://127.0.0.1:8765/ws/chat/v2"}), Catch::Contains("--engine realtime"));
  CHECK_THROWS_WITH(run_inference(1, {"url=http://example"}), Catch::Contains("ws://host[:port][/path]"));
  CHECK_THROWS_WITH(run_inference(1, {"url=ws://host:99999/x"}), Catch::Contains("port must be 1..65535"));
  CHECK_THROWS_WITH(run_inference(1, {"stop_mean_tokens=0"}), Catch::Contains("stop_mean_tokens"));
  CHECK_THROWS_WITH(run_inference(1, {"words=0"}), Catch::Contains("words must be between 1"));
}

TEST_CASE("a chaos campaign of eight clients runs clean for the correct client and finds the resend bug",
          "[cli][inference][planted]") {
  auto summarize = [](std::vector<std::string> parameters) {
    return test::campaign("inference", std::move(parameters),
                          "kill-rate=0.01/s,restart-after=2s,loss=0.01,partition-rate=0.005/s", 40);
  };
  CHECK(summarize({"clients=8", "requests=3"}).buckets.empty());
  auto buggy = summarize({"clients=8", "requests=3", "reconnect_resends=false"});
  REQUIRE_FALSE(buggy.buckets.empty());
  for (const auto& bucket : buggy.buckets) {
    CAPTURE(bucket.signature);
    CHECK_THAT(bucket.signature, Catch::EndsWith("not-resent"));
  }
}
