// scenarios/inference/inference.cpp: parameters, nodes and invariants of the inference
// stress test. Every request must end with its answer: a close the client could not
// recover from, a refusal, or a request still waiting at the end fails the run.
#include "detsim/scenarios/inference/inference.hpp"

#include <fmt/format.h>

namespace detsim::scenarios::inference {

namespace {

namespace model = actors::inference;

void require(bool condition, const std::string& message) {
  sim::require_input(condition, "inference", message);
}

std::uint64_t count(sim::parameters& p, const std::string& name, std::int64_t fallback, std::int64_t lowest,
                    std::int64_t highest, const std::string& help) {
  auto value = p.take_int(name, fallback, help);
  require(value >= lowest && value <= highest, fmt::format("{} must be between {} and {}", name, lowest, highest));
  return static_cast<std::uint64_t>(value);
}

double rate(sim::parameters& p, const std::string& name, double fallback, const std::string& help) {
  auto value = p.take_double(name, fallback, help);
  require(value > 0 && value <= 1e9, name + " must be in (0, 1000000000]");
  return value;
}

sim::duration positive(sim::parameters& p, const std::string& name, sim::duration fallback,
                       const std::string& help) {
  auto value = p.take_duration(name, fallback, help);
  require(value.count() > 0 && value <= std::chrono::hours(24 * 7), name + " must be positive and at most a week");
  return value;
}

} // namespace

inference_scenario::inference_scenario(sim::parameters& p) {
  client_.words = count(p, "words", 128, 1, 10'000'000, "prompt length in words (tokens_in = words + template_tokens)");
  client_.max_tokens = count(p, "max_tokens", 512, 1, 10'000'000, "the answer's cap");
  client_.min_tokens = count(p, "min_tokens", 0, 0, 10'000'000, "no end of sequence before this many tokens (max_tokens still caps)");
  client_.clients = static_cast<std::uint32_t>(count(p, "clients", 1, 1, 10'000, "concurrent clients sharing the server"));
  client_.requests = count(p, "requests", 1, 1, 1'000'000, "requests per client, one after another");
  client_.think = p.take_duration("think", client_.think, "a client's pause between requests");
  client_.ping = p.take_bool("ping", true, "keepalive pings (false: like --no-ping)");
  client_.ping_interval = positive(p, "ping_interval", client_.ping_interval, "a ping this long after the last pong");
  client_.ping_timeout = positive(p, "ping_timeout", client_.ping_timeout, "a ping unanswered this long closes with 1011");
  client_.open_timeout = positive(p, "open_timeout", client_.open_timeout, "the opening handshake's limit");
  client_.reconnects = static_cast<std::uint32_t>(count(p, "reconnects", 5, 0, 1000, "retries of a broken request (0: give up at once)"));
  client_.backoff = p.take_duration("backoff", client_.backoff, "the first retry's wait (doubling, jittered)");
  client_.backoff_max = p.take_duration("backoff_max", client_.backoff_max, "the longest wait between retries");
  client_.reconnect_resends = p.take_bool("reconnect_resends", true,
                                          "false breaks the client on purpose: after a reconnect it never sends the request again");
  client_.url = p.take_string("url", "", "ws://host:port/path: a real server to load (--engine realtime); the model is not used");
  server_.prefill_tokens_per_s = rate(p, "prefill_tokens_per_s", server_.prefill_tokens_per_s, "prompt tokens the server reads per second");
  server_.request_overhead = p.take_duration("request_overhead", server_.request_overhead, "the server's fixed cost per request");
  server_.decode_tokens_per_s = rate(p, "decode_tokens_per_s", server_.decode_tokens_per_s, "tokens generated per second");
  server_.stream_chunk = count(p, "stream_chunk", 1, 1, 1'000'000, "tokens per streamed message");
  server_.stop_mean_tokens = p.take_double("stop_mean_tokens", server_.stop_mean_tokens,
                                           "mean answer length (the model's own end of sequence)");
  server_.stop_shape = p.take_double("stop_shape", server_.stop_shape,
                                     "spread of answer lengths: the per-token stop hazard's Weibull shape (1: a constant chance, geometric)");
  server_.max_context = count(p, "max_context", 32768, 1, 1'000'000'000, "tokens in plus out the model holds; longer prompts are refused");
  server_.template_tokens = count(p, "template_tokens", 29, 0, 1'000'000, "the chat template's tokens around the prompt");
  server_.max_message_bytes = count(p, "max_message", 1 << 20, 1, std::int64_t{1} << 40, "the server's largest message (bytes); larger: close 1009");
  server_.bytes_per_word = count(p, "bytes_per_word", 6, 1, 100, "a prompt word's bytes on the wire");
  duration_ = positive(p, "duration", std::chrono::minutes(30), "the longest the run may last (it ends when every client is done)");
  link_.latency_min = p.take_duration("latency", std::chrono::milliseconds(1), "one-way latency client <-> server");
  link_.latency_jitter_mean = p.take_duration("jitter", std::chrono::microseconds(100), "mean extra latency");
  link_.loss = p.take_double("loss", 0, "packet loss probability (costs a retransmission; a partition or a kill breaks connections)");
  link_.fifo = true; // a WebSocket is a TCP stream: in order, a loss is retransmitted
  link_.retransmit_after = p.take_duration("rto", std::chrono::milliseconds(200),
                                           "TCP's first retransmission timeout (doubling; 6 losses in a row break the connection)");
  require(server_.stop_mean_tokens >= 1 && server_.stop_mean_tokens <= 1e9, "stop_mean_tokens must be between 1 and 1000000000");
  require(server_.stop_shape >= 0.1 && server_.stop_shape <= 100, "stop_shape must be between 0.1 and 100");
  require(client_.backoff.count() >= 0 && client_.backoff_max >= client_.backoff && client_.think.count() >= 0 &&
            server_.request_overhead.count() >= 0 && link_.latency_min.count() >= 0 &&
            link_.latency_jitter_mean.count() >= 0 && link_.retransmit_after.count() >= 0,
          "backoff, think, request_overhead and latencies must not be negative (and backoff_max >= backoff)");
  require(link_.loss >= 0 && link_.loss <= 1, "loss must be between 0 and 1");
  if (real())
    model::parse_ws_url(client_.url); // a malformed url is refused before anything runs
}

runtime::scenario_info inference_scenario::info() {
  return {"inference",
          "HalaAI LLM inference server (seed 001): streaming clients with WebSocket keepalive, a server loop blocked by prefill",
          [](sim::parameters& p) { return std::make_unique<inference_scenario>(p); }};
}

void inference_scenario::announce(caf::actor_system_config& cfg) const {
  model::announce_types(cfg);
}

void inference_scenario::setup(runtime::world& w) {
  require(!real() || w.wall_clock(), "url= talks to a real server, which needs --engine realtime");
  stats_ = std::make_unique<model::inference_stats>(client_.clients);
  w.network().set_default_link(link_);
  sim::node_id server = 0;
  if (!real())
    server = w.spawn_node<model::inference_server>("server", "server", server_, stats_.get());
  for (std::uint32_t i = 0; i < client_.clients; ++i)
    w.spawn_node<model::inference_client>(fmt::format("client-{}", i), "clients", i, server, client_, stats_.get());
}

std::vector<std::string> inference_scenario::chaos_targets() const {
  // The server; clients are the load generator. Against a real server nothing is ours to
  // kill but the clients.
  if (real()) {
    std::vector<std::string> clients;
    for (std::uint32_t i = 0; i < client_.clients; ++i)
      clients.push_back(fmt::format("client-{}", i));
    return clients;
  }
  return {"server"};
}

std::vector<runtime::invariant_result> inference_scenario::check(runtime::world&) {
  // Buckets by cause: a request a reconnect never sent again (the client's bug), else the
  // close that first broke it, however its later attempts ended.
  std::vector<std::string> failed, unanswered;
  std::string failed_bucket, unanswered_bucket;
  for (const auto& r : stats_->records) {
    if (r.ok)
      continue;
    if (failed_bucket.empty() || r.unsent_after_reconnect)
      failed_bucket = r.unsent_after_reconnect ? "not-resent" : fmt::format("first-close-{}", r.first_close);
    failed.push_back(fmt::format("client-{} request {}: {}{} ({:.1f}s after it was sent, {} attempt{})", r.client,
                                 r.request, r.unsent_after_reconnect ? "never sent again after a reconnect; " : "",
                                 r.failure, sim::to_seconds(r.e2e), r.attempts, r.attempts == 1 ? "" : "s"));
  }
  for (std::uint32_t i = 0; i < client_.clients; ++i) {
    const auto& p = stats_->progress[i];
    if (!p.in_flight)
      continue;
    if (p.ever_unsent) {
      unanswered_bucket = "not-resent";
      unanswered.push_back(fmt::format("client-{} request {} was never sent again after a reconnect, and waits "
                                       "for its answer (attempt {}, first sent at {:.1f}s)",
                                       i, p.next_request, p.attempts, sim::to_seconds(p.first_sent)));
    } else {
      unanswered.push_back(fmt::format("client-{} request {} unanswered at the end of the run (attempt {}, first "
                                       "sent at {:.1f}s)", i, p.next_request, p.attempts,
                                       sim::to_seconds(p.first_sent)));
    }
  }
  return {runtime::verdict("requests-complete", failed, failed_bucket), runtime::verdict("requests-answered", unanswered, unanswered_bucket)};
}

std::vector<runtime::histogram_view> inference_scenario::histograms() const {
  return {{"ttft_seconds", &stats_->ttft, 1e-9, "time to first token"},
          {"itl_seconds", &stats_->itl, 1e-9, "time between tokens"},
          {"e2e_seconds", &stats_->e2e, 1e-9, "request sent to last token"}};
}

runtime::memory_estimate inference_scenario::estimated_memory() const {
  // ~16 MiB of CAF; a client and its records are small, a real client's prompt is not.
  double per_client = 64 * 1024 + (real() ? double(client_.words) * 6 : 0);
  return runtime::memory_estimate::of(16 << 20, {{"clients", double(client_.clients), per_client},
                                                 {"requests", double(client_.requests) * client_.clients, 512}});
}

} // namespace detsim::scenarios::inference
