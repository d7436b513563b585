// tests/inference_server.hpp: a real WebSocket LLM stand-in (Boost.Beast) that fails the way
// seed 001's server did: one thread runs every connection, and a request's prefill blocks
// it (a sleep of overhead + tokens_in / prefill rate), so nobody's pings are answered until
// it ends. Then it streams tokens at the decode rate while answering pings. It speaks the
// JSON protocol of docs/inference.md and listens on 127.0.0.1 only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace detsim_test {

struct inference_server_options {
  double prefill_tokens_per_s = 300;
  double overhead_s = 0.5;
  double decode_tokens_per_s = 20;
  std::uint64_t answer_tokens = 21;  ///< the model's own answer length (min_tokens and max_tokens apply)
  std::uint64_t max_context = 32768;
  std::uint64_t template_tokens = 29;
  std::string path = "/ws/chat/v2";
};

class inference_server {
public:
  /// Binds 127.0.0.1:port (0: any free port) at once; serves after start() or run().
  inference_server(inference_server_options options, unsigned short port);
  ~inference_server();

  unsigned short port() const;
  /// Serves on a thread of its own until stop() or destruction.
  void start();
  /// Serves on the calling thread until stop().
  void run();
  void stop();

private:
  struct state;
  std::unique_ptr<state> state_;
};

} // namespace detsim_test
