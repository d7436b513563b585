// actors/inference/client.hpp: a streaming client as Python's `websockets` behaves: one
// connection per request (opening handshake with a timeout), the request, then tokens
// until done; keepalive pings every ping_interval after the last pong, and a ping
// unanswered for ping_timeout fails the connection with 1011. A broken connection is
// retried (up to `reconnects` times, with backoff) and the request in flight is sent again.
// The same actor talks to the simulated server or, with a url, to a real one.
#pragma once

#include "detsim/actors/inference/inference_stats.hpp"
#include "detsim/actors/inference/messages.hpp"
#include "detsim/actors/inference/ws_transport.hpp"
#include "detsim/runtime/node_actor.hpp"

#include <memory>

namespace detsim::actors::inference {

struct client_options {
  std::uint64_t words = 128;
  std::uint64_t max_tokens = 512;
  std::uint64_t min_tokens = 0;
  std::uint64_t requests = 1;              ///< one after another, a connection each
  sim::duration think{1'000'000'000};      ///< pause between requests
  bool ping = true;
  sim::duration ping_interval{20'000'000'000};
  sim::duration ping_timeout{20'000'000'000};
  sim::duration open_timeout{10'000'000'000};
  std::uint32_t reconnects = 5;            ///< retries of a broken request
  sim::duration backoff{1'000'000'000};    ///< first retry's wait, doubled each time
  sim::duration backoff_max{16'000'000'000};
  bool reconnect_resends = true;           ///< false: the planted bug
  std::uint32_t clients = 1;               ///< to know when the last one is done
  std::string url;                         ///< non-empty: a real server (realtime engine)
};

class inference_client final : public runtime::node_actor {
public:
  inference_client(caf::actor_config& cfg, runtime::world& w, sim::node_id node, std::uint32_t index,
                   sim::node_id server, client_options options, inference_stats* stats);

  caf::behavior make_behavior() override;
  void on_exit() override;

private:
  void start_request();
  void connect();
  void send_request();
  void send_ping();
  /// Whether a frame of the current connection comes in order (a gap breaks it).
  bool in_order(std::uint64_t connection, std::uint64_t sequence);
  /// The connection ended unexpectedly: retry the request in flight, or give it up.
  /// `reset_server`: we drop it ourselves, and the server's end learns so.
  void broken(std::uint16_t code, const std::string& reason, bool reset_server);
  void close_connection(std::uint16_t code, const std::string& reason);
  request_record begin_record() const;
  void end_request(request_record record);
  void on_tokens(const token_chunk& m);
  void on_done(const generation_done& m);

  std::uint32_t index_;
  sim::node_id server_;
  client_options options_;
  inference_stats& stats_;
  client_progress& progress_;
  std::unique_ptr<ws_transport> real_;
  // The current connection.
  enum class link_state { idle, connecting, open };
  std::uint64_t connection_ = 0;
  link_state state_ = link_state::idle;
  std::uint64_t sent_ = 0;      ///< our last frame's sequence
  std::uint64_t received_ = 0;  ///< the server's last frame in order
  std::uint64_t ping_id_ = 0;
  std::uint64_t awaited_pong_ = 0;
  sim::time_point ping_sent_{0};
  // The request in flight on it.
  std::uint64_t tokens_ = 0;
  sim::time_point first_token_{0};
  sim::time_point last_token_{0};
};

} // namespace detsim::actors::inference
