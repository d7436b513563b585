// actors/inference/inference_stats.hpp: what the inference run measures: each request's
// outcome as its client saw it, latency distributions, closes by code, and the server's
// wasted work. Each client's progress lives here too, so a restarted client resumes it.
#pragma once

#include "detsim/sim/histogram.hpp"
#include "detsim/sim/time.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace detsim::actors::inference {

/// One request's end, as its client saw it.
struct request_record {
  std::uint32_t client = 0;
  std::uint64_t request = 0;
  bool ok = false;
  std::uint64_t tokens_in = 0;
  std::uint64_t tokens_out = 0;
  std::string finish;              ///< eos, max_tokens, context (ok requests)
  sim::duration ttft{0};           ///< first send -> first token
  sim::duration e2e{0};            ///< first send -> done (or failure)
  std::uint32_t attempts = 0;
  std::uint16_t first_close = 0;   ///< the unexpected close that first broke it (0: none)
  bool unsent_after_reconnect = false; ///< a reconnect never sent it again (the planted bug)
  std::string failure;             ///< why it failed: "1011 keepalive ping timeout; ..."
};

/// A client's place in its work, outliving the client's incarnations.
struct client_progress {
  std::uint64_t next_request = 0;  ///< the request in flight, or the next to send
  bool in_flight = false;
  sim::time_point first_sent{0};   ///< of the request in flight
  std::uint32_t attempts = 0;      ///< connections tried for it
  std::uint64_t connections = 0;   ///< ids given out so far, over incarnations
  std::uint16_t first_close = 0;
  std::string first_reason;
  bool ever_unsent = false;        ///< some reconnect of this request never sent it again
  bool done = false;               ///< every request ended
};

struct inference_stats {
  explicit inference_stats(std::size_t clients) : progress(clients) {}

  std::vector<client_progress> progress;
  std::size_t clients_done = 0;
  std::vector<request_record> records;
  sim::histogram ttft;             ///< ns, ok requests
  sim::histogram itl;              ///< ns between tokens, one count per token
  sim::histogram e2e;              ///< ns, ok requests
  std::map<std::uint16_t, std::uint64_t> unexpected_closes; ///< by code, every attempt
  std::uint64_t connections = 0;
  std::uint64_t reconnects = 0;
  std::uint64_t pings = 0;
  sim::duration longest_pong{0};   ///< the slowest pong that came back
  std::uint64_t unanswered_pings = 0;
  // The server's side.
  std::int64_t prefill_ns = 0;     ///< modelled prefill time spent
  std::int64_t abandoned_prefill_ns = 0; ///< prefill for connections closed meanwhile
  std::uint64_t served = 0;
  std::uint64_t refused = 0;
  std::uint64_t resets = 0;        ///< frames for unknown connections, or broken streams
  sim::duration longest_block{0};  ///< the longest one task held the server's loop
};

} // namespace detsim::actors::inference
