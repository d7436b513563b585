// actors/inference/server.cpp: the server's stream layer, its loop and its generation.
#include "detsim/actors/inference/server.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace detsim::actors::inference {

inference_server::inference_server(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                                   server_options options, inference_stats* stats)
  : runtime::node_actor(cfg, w, node), options_(options), stats_(*stats) {}

caf::behavior inference_server::make_behavior() {
  return {
    [this](const open_connection& m) {
      connection_key key{m.client, m.connection};
      if (connections_.count(key))
        return; // a duplicate of the handshake
      connections_[key] = connection{};
      task t;
      t.kind = task_kind::handshake;
      t.key = key;
      queue_task(std::move(t));
    },
    [this](const chat_request& m) {
      if (!accept_frame(m.client, m.connection, m.sequence))
        return;
      task t;
      t.kind = task_kind::request;
      t.key = {m.client, m.connection};
      t.request = m;
      queue_task(std::move(t));
    },
    [this](const ping& m) {
      if (!accept_frame(m.client, m.connection, m.sequence))
        return;
      task t;
      t.kind = task_kind::ping;
      t.key = {m.client, m.connection};
      t.ping_id = m.id;
      queue_task(std::move(t));
    },
    [this](const close_frame& m) {
      connection_key key{m.client, m.connection};
      if (m.code == close_abnormal) { // the client dropped the stream: the kernel knows now
        auto found = connections_.find(key);
        if (found != connections_.end())
          found->second.closed = true;
        return;
      }
      if (!accept_frame(m.client, m.connection, m.sequence))
        return;
      task t;
      t.kind = task_kind::close;
      t.key = key;
      queue_task(std::move(t));
    },
    [this](loop_done) {
      busy_ = false;
      finish(current_);
      run_next();
    },
  };
}

bool inference_server::accept_frame(std::uint32_t client, std::uint64_t id, std::uint64_t sequence) {
  connection_key key{client, id};
  auto found = connections_.find(key);
  if (found == connections_.end()) {
    reset(key, "connection reset by peer");
    return false;
  }
  auto& c = found->second;
  if (c.closed || sequence <= c.received)
    return false; // after our close, or a duplicate
  if (sequence > c.received + 1) {
    reset(key, "stream broken: a frame was lost");
    return false;
  }
  c.received = sequence;
  return true;
}

void inference_server::reset(const connection_key& key, const std::string& reason) {
  ++stats_.resets;
  auto found = connections_.find(key);
  if (found != connections_.end())
    found->second.closed = true;
  // A reset travels outside the stream's order: no sequence.
  send(world_ref().lookup(key.first), close_frame{0, key.second, 0, close_abnormal, reason});
}

template <class Message>
void inference_server::reply(const connection_key& key, Message message) {
  auto& c = connections_[key];
  if (c.closed)
    return;
  message.connection = key.second;
  message.sequence = ++c.sent;
  send(world_ref().lookup(key.first), std::move(message));
}

void inference_server::queue_task(task t) {
  loop_.push_back(std::move(t));
  run_next();
}

void inference_server::run_next() {
  while (!busy_ && !loop_.empty()) {
    current_ = std::move(loop_.front());
    loop_.pop_front();
    auto cost = cost_of(current_);
    if (cost.count() == 0) {
      finish(current_);
      continue;
    }
    busy_ = true;
    stats_.longest_block = std::max(stats_.longest_block, cost);
    delayed_send(this, cost, loop_done{});
  }
}

sim::duration inference_server::cost_of(const task& t) const {
  auto seconds = [](double s) { return sim::clamp_delay(s * 1e9); };
  auto& c = connections_.at(t.key);
  switch (t.kind) {
    case task_kind::request: {
      auto tokens_in = t.request.words + options_.template_tokens;
      bool refused = c.closed || t.request.words > options_.max_message_bytes / options_.bytes_per_word ||
                     tokens_in > options_.max_context;
      return refused ? sim::duration{0}
                     : options_.request_overhead + seconds(double(tokens_in) / options_.prefill_tokens_per_s);
    }
    case task_kind::decode:
      return c.closed ? sim::duration{0} : seconds(double(options_.stream_chunk) / options_.decode_tokens_per_s);
    default:
      return sim::duration{0};
  }
}

void inference_server::finish(task& t) {
  auto& c = connections_.at(t.key);
  switch (t.kind) {
    case task_kind::handshake: // before the stream's first frame: no sequence
      if (!c.closed)
        send(world_ref().lookup(t.key.first), connection_opened{t.key.second});
      return;
    case task_kind::ping:
      return reply(t.key, pong{0, 0, t.ping_id});
    case task_kind::close:
      c.closed = true;
      return;
    case task_kind::request: {
      if (c.closed)
        return;
      const auto& r = t.request;
      if (r.words > options_.max_message_bytes / options_.bytes_per_word) {
        ++stats_.refused;
        reply(t.key, close_frame{0, 0, 0, close_too_big,
                                 fmt::format("message too big: {} bytes > max_size {}",
                                             r.words * options_.bytes_per_word, options_.max_message_bytes)});
        c.closed = true;
        return;
      }
      auto tokens_in = r.words + options_.template_tokens;
      if (tokens_in > options_.max_context) {
        ++stats_.refused;
        return reply(t.key, request_error{0, 0, r.request,
                                          fmt::format("context length exceeded: {} tokens > max_context {}",
                                                      tokens_in, options_.max_context)});
      }
      stats_.prefill_ns += cost_of(t).count();
      task next;
      next.kind = task_kind::decode;
      next.key = t.key;
      next.request = r;
      next.tokens_in = tokens_in;
      loop_.push_back(std::move(next));
      return;
    }
    case task_kind::decode:
      return decode_step(t);
  }
}

void inference_server::decode_step(task& t) {
  auto& c = connections_.at(t.key);
  if (c.closed) {
    if (t.tokens_out == 0) // the client left during the prefill: all of it was wasted
      stats_.abandoned_prefill_ns +=
        (options_.request_overhead +
         sim::clamp_delay(double(t.tokens_in) / options_.prefill_tokens_per_s * 1e9)).count();
    return;
  }
  const auto& r = t.request;
  std::string finish;
  std::uint64_t step = 0;
  while (step < options_.stream_chunk && finish.empty()) {
    ++step;
    auto out = t.tokens_out + step;
    if (out >= r.max_tokens)
      finish = "max_tokens";
    else if (t.tokens_in + out >= options_.max_context)
      finish = "context";
    else if (out >= r.min_tokens && random().chance(stop_chance(out)))
      finish = "eos";
  }
  t.tokens_out += step;
  reply(t.key, token_chunk{0, 0, r.request, step});
  if (finish.empty()) {
    loop_.push_back(t);
    return;
  }
  ++stats_.served;
  reply(t.key, generation_done{0, 0, r.request, t.tokens_in, t.tokens_out, finish});
}

} // namespace detsim::actors::inference

namespace detsim::actors::inference {

double inference_server::stop_chance(std::uint64_t n) const {
  // Weibull survival S(n) = exp(-(n / scale)^shape), scaled so the mean is stop_mean_tokens;
  // the hazard 1 - S(n) / S(n - 1) is the chance the answer ends at token n.
  auto shape = options_.stop_shape;
  auto scale = options_.stop_mean_tokens / std::tgamma(1 + 1 / shape);
  auto before = std::pow(double(n - 1) / scale, shape);
  auto at = std::pow(double(n) / scale, shape);
  auto chance = 1 - std::exp(before - at);
  return std::isfinite(chance) ? chance : 1.0; // far past the mean both terms overflow
}

} // namespace detsim::actors::inference
