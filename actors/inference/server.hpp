// actors/inference/server.hpp: an LLM inference server with one event loop, as a Python
// asyncio server calling its model inline is. Everything the server does is a task on the
// loop, in arrival order: handshakes, pings, closes, a request's prefill (tokens_in /
// prefill rate plus an overhead, blocking the loop the whole time) and each decode step
// (stream_chunk tokens at the decode rate, after which the next step queues behind what
// arrived meanwhile). So a long prefill leaves every client's pings unanswered until it
// ends, which is the keepalive failure of seed 001.
#pragma once

#include "detsim/actors/inference/inference_stats.hpp"
#include "detsim/actors/inference/messages.hpp"
#include "detsim/runtime/node_actor.hpp"

#include <deque>
#include <map>
#include <utility>

namespace detsim::actors::inference {

struct server_options {
  double prefill_tokens_per_s = 300;
  sim::duration request_overhead{500'000'000};
  double decode_tokens_per_s = 20;
  std::uint64_t stream_chunk = 1;        ///< tokens per streamed message
  double stop_mean_tokens = 21;          ///< mean answer length
  /// How sharply answers end near the mean: the end-of-sequence chance per token follows a
  /// Weibull hazard of this shape (1: a constant chance, geometric lengths; 20: 21 +- 1.4).
  double stop_shape = 20;
  std::uint64_t max_context = 32768;     ///< tokens in + out the model holds
  std::uint64_t template_tokens = 29;    ///< the chat template's tokens around a prompt
  std::uint64_t max_message_bytes = 1 << 20; ///< larger requests are closed with 1009
  std::uint64_t bytes_per_word = 6;      ///< a prompt's size on the wire
};

class inference_server final : public runtime::node_actor {
public:
  inference_server(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                   server_options options, inference_stats* stats);

  caf::behavior make_behavior() override;

private:
  using connection_key = std::pair<std::uint32_t, std::uint64_t>; ///< (client node, id)
  struct connection {
    std::uint64_t received = 0; ///< the client's last frame in order
    std::uint64_t sent = 0;     ///< our last frame's sequence
    bool closed = false;
  };
  enum class task_kind { handshake, request, ping, close, decode };
  struct task {
    task_kind kind = task_kind::handshake;
    connection_key key;
    chat_request request;       ///< request
    std::uint64_t ping_id = 0;  ///< ping
    std::uint64_t tokens_out = 0; ///< decode: so far
    std::uint64_t tokens_in = 0;
  };

  /// The stream layer, before the loop: in-order frames go on, a gap breaks the
  /// connection, and frames for a connection this process never opened are reset.
  bool accept_frame(std::uint32_t client, std::uint64_t id, std::uint64_t sequence);
  void reset(const connection_key& key, const std::string& reason);
  void queue_task(task t);
  void run_next();
  sim::duration cost_of(const task& t) const;
  void finish(task& t);
  void decode_step(task& t);
  /// The chance that token `n` of an answer (1-based) is its end.
  double stop_chance(std::uint64_t n) const;
  template <class Message>
  void reply(const connection_key& key, Message message);

  server_options options_;
  inference_stats& stats_;
  std::map<connection_key, connection> connections_;
  std::deque<task> loop_;
  bool busy_ = false;
  task current_;
};

} // namespace detsim::actors::inference
