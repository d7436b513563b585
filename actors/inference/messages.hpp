// actors/inference/messages.hpp: the inference server's WebSocket conversation (seed 001)
// as messages. A client opens a connection, sends one request on it and reads tokens until
// done; pings and pongs keep it alive. Every frame carries its connection and, per
// direction, a sequence number: a connection is a stream, so a frame lost on the way
// breaks it (the receiver sees the gap), as a TCP connection that gives up would.
#pragma once

#include "detsim/runtime/message.hpp"

#include <cstdint>
#include <string>

namespace detsim::actors::inference {

/// WebSocket close codes the model uses (RFC 6455).
enum close_code : std::uint16_t {
  close_normal = 1000,
  close_abnormal = 1006,    ///< no close frame: reset, refused, or a broken stream
  close_too_big = 1009,
  close_internal = 1011,    ///< what a keepalive timeout sends
};

/// Client -> server: open a connection (the opening handshake).
struct open_connection {
  std::uint32_t client = 0; ///< the client's node, where replies go
  std::uint64_t connection = 0;
};

/// Server -> client: the handshake finished.
struct connection_opened {
  std::uint64_t connection = 0;
};

/// Client -> server: one prompt of `words` words (tokens_in = words + the template's).
struct chat_request {
  std::uint32_t client = 0;
  std::uint64_t connection = 0;
  std::uint64_t sequence = 0;
  std::uint64_t request = 0;
  std::uint64_t words = 0;
  std::uint64_t max_tokens = 0;
  std::uint64_t min_tokens = 0;
};

/// Server -> client: `count` more tokens of the answer.
struct token_chunk {
  std::uint64_t connection = 0;
  std::uint64_t sequence = 0;
  std::uint64_t request = 0;
  std::uint64_t count = 0;
};

/// Server -> client: the answer is complete. `finish`: "eos", "max_tokens" or "context".
struct generation_done {
  std::uint64_t connection = 0;
  std::uint64_t sequence = 0;
  std::uint64_t request = 0;
  std::uint64_t tokens_in = 0;
  std::uint64_t tokens_out = 0;
  std::string finish;
};

/// Server -> client: the request was refused (e.g. the prompt exceeds the context window).
struct request_error {
  std::uint64_t connection = 0;
  std::uint64_t sequence = 0;
  std::uint64_t request = 0;
  std::string message;
};

struct ping {
  std::uint32_t client = 0;
  std::uint64_t connection = 0;
  std::uint64_t sequence = 0;
  std::uint64_t id = 0;
};

struct pong {
  std::uint64_t connection = 0;
  std::uint64_t sequence = 0;
  std::uint64_t id = 0;
};

/// Either side closes: a close frame (client -> server, server -> client), or, from the
/// client's own transport, the news that the connection ended without one.
struct close_frame {
  std::uint32_t client = 0;
  std::uint64_t connection = 0;
  std::uint64_t sequence = 0;
  std::uint16_t code = close_normal;
  std::string reason;
};

// The actors' own timers.
struct loop_done {};
struct ping_due {
  std::uint64_t connection = 0;
};
struct pong_due {
  std::uint64_t connection = 0;
  std::uint64_t id = 0;
};
struct open_due {
  std::uint64_t connection = 0;
};
struct reconnect_due {};
struct next_request_due {};

DETSIM_MESSAGE(open_connection, "inference::open_connection", x.client, x.connection)
DETSIM_MESSAGE(connection_opened, "inference::connection_opened", x.connection)
DETSIM_MESSAGE(chat_request, "inference::chat_request", x.client, x.connection, x.sequence, x.request,
               x.words, x.max_tokens, x.min_tokens)
DETSIM_MESSAGE(token_chunk, "inference::token_chunk", x.connection, x.sequence, x.request, x.count)
DETSIM_MESSAGE(generation_done, "inference::generation_done", x.connection, x.sequence, x.request,
               x.tokens_in, x.tokens_out, x.finish)
DETSIM_MESSAGE(request_error, "inference::request_error", x.connection, x.sequence, x.request, x.message)
DETSIM_MESSAGE(ping, "inference::ping", x.client, x.connection, x.sequence, x.id)
DETSIM_MESSAGE(pong, "inference::pong", x.connection, x.sequence, x.id)
DETSIM_MESSAGE(close_frame, "inference::close_frame", x.client, x.connection, x.sequence, x.code, x.reason)
DETSIM_MESSAGE(loop_done, "inference::loop_done")
DETSIM_MESSAGE(ping_due, "inference::ping_due", x.connection)
DETSIM_MESSAGE(pong_due, "inference::pong_due", x.connection, x.id)
DETSIM_MESSAGE(open_due, "inference::open_due", x.connection)
DETSIM_MESSAGE(reconnect_due, "inference::reconnect_due")
DETSIM_MESSAGE(next_request_due, "inference::next_request_due")

/// Registers every inference message type with CAF.
inline void announce_types(caf::actor_system_config& cfg) {
  runtime::announce_messages<open_connection, connection_opened, chat_request, token_chunk,
                             generation_done, request_error, ping, pong, close_frame, loop_done,
                             ping_due, pong_due, open_due, reconnect_due, next_request_due>(cfg);
}

} // namespace detsim::actors::inference
