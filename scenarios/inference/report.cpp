// scenarios/inference/report.cpp: what the inference run measured, as LLM load testers
// report it (TTFT, inter-token latency, end-to-end, output tokens per second) plus what they
// do not: how long pongs took against the keepalive timeout, closes by code, and the
// prefill the server spent on clients that had already given up.
#include "detsim/scenarios/inference/inference.hpp"

#include <fmt/format.h>

#include <map>

namespace detsim::scenarios::inference {

namespace {

double ms(std::int64_t ns) { return double(ns) / 1e6; }

} // namespace

std::vector<runtime::metric> inference_scenario::metrics() const {
  const auto& s = *stats_;
  double ok = 0, failed = 0, tokens_in = 0, tokens_out = 0, seconds = 0;
  std::map<std::string, double> finished; // eos, max_tokens, context
  std::uint16_t close_code = actors::inference::close_normal;
  for (const auto& r : s.records) {
    if (!r.ok) {
      if (failed++ == 0 && r.first_close != 0)
        close_code = r.first_close;
      continue;
    }
    ++ok;
    ++finished[r.finish];
    tokens_in += double(r.tokens_in);
    tokens_out += double(r.tokens_out);
    seconds += sim::to_seconds(r.e2e);
  }
  double unanswered = 0;
  for (const auto& p : s.progress)
    unanswered += p.in_flight ? 1 : 0;
  double closes = 0;
  for (const auto& [code, n] : s.unexpected_closes)
    closes += double(n);
  std::vector<runtime::metric> out{
    // As the server counted them; the model's template when nothing was answered.
    {"tokens_in", ok > 0 ? tokens_in / ok : double(client_.words + server_.template_tokens), ""},
    {"tokens_out", ok > 0 ? tokens_out / ok : 0, ""},
    {"ttft_ms", ms(s.ttft.quantile(0.5)), "ms"},
    {"itl_ms_p50", ms(s.itl.quantile(0.5)), "ms"},
    {"itl_ms_p99", ms(s.itl.quantile(0.99)), "ms"},
    {"e2e_ms", ms(s.e2e.quantile(0.5)), "ms"},
    {"tokens_per_s", seconds > 0 ? tokens_out / seconds : 0, "/s"},
    {"close_code", double(close_code), ""},
    {"requests_ok", ok, ""},
    {"finished_eos", finished["eos"], ""},           // the model's own end
    {"finished_max_tokens", finished["max_tokens"], ""},
    {"finished_context", finished["context"], ""},   // tokens in + out filled the window
    {"requests_failed", failed, ""},
    {"requests_unanswered", unanswered, ""},
    {"unexpected_closes", closes, ""},
    {"reconnects", double(s.reconnects), ""},
    {"pings", double(s.pings), ""},
    {"longest_pong_ms", ms(s.longest_pong.count()), "ms"},
  };
  if (real())
    return out; // a real server's insides are its own
  out.insert(out.end(), {
    {"server_prefill_s", sim::to_seconds(sim::duration{s.prefill_ns}), "s"},
    {"abandoned_prefill_s", sim::to_seconds(sim::duration{s.abandoned_prefill_ns}), "s"},
    {"longest_loop_block_s", sim::to_seconds(s.longest_block), "s"},
    {"resets", double(s.resets), ""},
  });
  return out;
}

std::vector<runtime::table> inference_scenario::tables() const {
  runtime::table requests{"Requests (the first 50)",
                          {"client", "request", "result", "tokens_in", "tokens_out", "finish", "TTFT", "e2e", "attempts"},
                          {}};
  for (const auto& r : stats_->records) {
    if (requests.rows.size() == 50)
      break;
    requests.rows.push_back({fmt::format("client-{}", r.client), std::to_string(r.request),
                             r.ok ? "ok" : r.failure, r.ok ? std::to_string(r.tokens_in) : "-",
                             r.ok ? std::to_string(r.tokens_out) : "-", r.ok ? r.finish : "-",
                             r.ok ? fmt::format("{:.0f} ms", ms(r.ttft.count())) : "-",
                             fmt::format("{:.0f} ms", ms(r.e2e.count())), std::to_string(r.attempts)});
  }
  runtime::table closes{"Unexpected closes, every attempt", {"code", "count"}, {}};
  for (const auto& [code, n] : stats_->unexpected_closes)
    closes.rows.push_back({std::to_string(code), std::to_string(n)});
  std::vector<runtime::table> out{requests};
  if (!closes.rows.empty())
    out.push_back(closes);
  return out;
}

} // namespace detsim::scenarios::inference
