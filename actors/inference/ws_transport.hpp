// actors/inference/ws_transport.hpp: the client's real WebSocket (Boost.Beast) for runs
// against a real server under the realtime engine. It runs its own I/O thread and turns
// what the server sends into the same messages the simulated server sends, delivered to
// the owning actor. The JSON protocol is in docs/inference.md:
//   -> {"prompt": "...", "words": N, "max_tokens": M, "min_tokens": K, "request": R}
//   <- {"type": "token", "tokens": n} ... {"type": "done", "tokens_in": I, "tokens_out": O,
//      "finish": "eos"} | {"type": "error", "message": "..."}
#pragma once

#include "detsim/actors/inference/messages.hpp"

#include <caf/actor.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace detsim::actors::inference {

struct ws_url {
  std::string host;
  std::string port;
  std::string target; ///< the path, "/" at least
};

/// Parses "ws://host[:port][/path]"; anything else is an input_error naming the url.
ws_url parse_ws_url(const std::string& text);

class ws_transport {
public:
  ws_transport(caf::actor owner, ws_url url);
  ~ws_transport();
  ws_transport(const ws_transport&) = delete;
  ws_transport& operator=(const ws_transport&) = delete;

  /// Connects and handshakes; connection_opened or close_frame{1006} follows.
  void open(std::uint64_t connection);
  void send_request(const chat_request& request);
  void send_ping(std::uint64_t connection, std::uint64_t id);
  /// Sends a close frame and drops the connection without waiting for the peer's.
  void close(std::uint64_t connection, std::uint16_t code, const std::string& reason);
  /// Ends every connection and the I/O thread; nothing reaches the owner afterwards.
  void stop();

private:
  struct state;
  std::unique_ptr<state> state_;
};

} // namespace detsim::actors::inference
