// actors/inference/client.cpp: connections, keepalive, retries and the client's measures.
#include "detsim/actors/inference/client.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace detsim::actors::inference {

namespace {

std::string describe_close(std::uint16_t code, const std::string& reason) {
  switch (code) {
    case close_too_big: return fmt::format("received 1009 (message too big) {}", reason);
    case close_abnormal: return fmt::format("1006 (connection closed abnormally) {}", reason);
    default: return fmt::format("received {} {}", code, reason);
  }
}

} // namespace

inference_client::inference_client(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                                   std::uint32_t index, sim::node_id server, client_options options,
                                   inference_stats* stats)
  : runtime::node_actor(cfg, w, node),
    index_(index),
    server_(server),
    options_(std::move(options)),
    stats_(*stats),
    progress_(stats->progress.at(index)) {}

caf::behavior inference_client::make_behavior() {
  if (!options_.url.empty())
    real_ = std::make_unique<ws_transport>(caf::actor_cast<caf::actor>(this), parse_ws_url(options_.url));
  if (!progress_.done)
    start_request();
  return {
    [this](const connection_opened& m) {
      if (m.connection != connection_ || state_ != link_state::connecting)
        return; // a handshake we gave up on
      state_ = link_state::open;
      if (options_.ping)
        delayed_send(this, options_.ping_interval, ping_due{connection_});
      if (!progress_.in_flight)
        return;
      if (progress_.attempts == 1 || options_.reconnect_resends)
        send_request();
      else
        progress_.ever_unsent = true; // the planted bug: waits for an answer never asked for
    },
    [this](const open_due& m) {
      if (m.connection == connection_ && state_ == link_state::connecting)
        broken(close_abnormal, "timed out during opening handshake", true);
    },
    [this](const ping_due& m) {
      if (m.connection == connection_ && state_ == link_state::open && awaited_pong_ == 0)
        send_ping();
    },
    [this](const pong& m) {
      if (!in_order(m.connection, m.sequence) || m.id != awaited_pong_)
        return;
      awaited_pong_ = 0;
      stats_.longest_pong = std::max(stats_.longest_pong, now() - ping_sent_);
      delayed_send(this, options_.ping_interval, ping_due{connection_});
    },
    [this](const pong_due& m) {
      if (m.connection != connection_ || state_ != link_state::open || awaited_pong_ != m.id)
        return;
      ++stats_.unanswered_pings;
      close_connection(close_internal, "keepalive ping timeout");
      broken(close_internal, "sent 1011 (internal error) keepalive ping timeout; no close frame received",
             false);
    },
    [this](const token_chunk& m) {
      if (in_order(m.connection, m.sequence))
        on_tokens(m);
    },
    [this](const generation_done& m) {
      if (in_order(m.connection, m.sequence))
        on_done(m);
    },
    [this](const request_error& m) {
      if (!in_order(m.connection, m.sequence) || m.request != progress_.next_request)
        return;
      close_connection(close_normal, "");
      request_record record = begin_record();
      record.failure = "server error: " + m.message;
      end_request(std::move(record));
    },
    [this](const close_frame& m) {
      if (m.connection != connection_ || state_ == link_state::idle)
        return;
      // A reset comes outside the stream; a close frame is the stream's last frame.
      if (m.code != close_abnormal && !in_order(m.connection, m.sequence))
        return;
      broken(m.code, describe_close(m.code, m.reason), false);
    },
    [this](reconnect_due) {
      if (progress_.in_flight && state_ == link_state::idle)
        connect();
    },
    [this](next_request_due) { start_request(); },
  };
}

void inference_client::on_exit() {
  if (real_)
    real_->stop();
  runtime::node_actor::on_exit();
}

void inference_client::start_request() {
  if (progress_.next_request >= options_.requests) {
    if (!progress_.done) {
      progress_.done = true;
      if (++stats_.clients_done == options_.clients)
        world_ref().work_done();
    }
    return;
  }
  if (!progress_.in_flight) { // a restarted client resumes the request it had in flight
    progress_.in_flight = true;
    progress_.first_sent = now();
    progress_.attempts = 0;
    progress_.first_close = 0;
    progress_.first_reason.clear();
    progress_.ever_unsent = false;
  }
  connect();
}

void inference_client::connect() {
  ++progress_.attempts;
  ++stats_.connections;
  connection_ = ++progress_.connections;
  state_ = link_state::connecting;
  sent_ = received_ = 0;
  awaited_pong_ = 0;
  tokens_ = 0;
  if (real_)
    real_->open(connection_);
  else
    send(world_ref().lookup(server_), open_connection{static_cast<std::uint32_t>(node()), connection_});
  delayed_send(this, options_.open_timeout, open_due{connection_});
}

void inference_client::send_request() {
  chat_request r{static_cast<std::uint32_t>(node()), connection_, ++sent_, progress_.next_request,
                 options_.words, options_.max_tokens, options_.min_tokens};
  if (real_)
    real_->send_request(r);
  else
    send(world_ref().lookup(server_), r);
}

void inference_client::send_ping() {
  awaited_pong_ = ++ping_id_;
  ping_sent_ = now();
  ++stats_.pings;
  if (real_)
    real_->send_ping(connection_, awaited_pong_);
  else
    send(world_ref().lookup(server_), ping{static_cast<std::uint32_t>(node()), connection_, ++sent_, awaited_pong_});
  delayed_send(this, options_.ping_timeout, pong_due{connection_, awaited_pong_});
}

bool inference_client::in_order(std::uint64_t connection, std::uint64_t sequence) {
  if (connection != connection_ || state_ != link_state::open || sequence <= received_)
    return false; // another connection's, or a duplicate
  if (sequence > received_ + 1) {
    broken(close_abnormal, "stream broken: a frame was lost", true);
    return false;
  }
  received_ = sequence;
  return true;
}

void inference_client::close_connection(std::uint16_t code, const std::string& reason) {
  if (real_)
    real_->close(connection_, code, reason);
  else
    send(world_ref().lookup(server_),
         close_frame{static_cast<std::uint32_t>(node()), connection_, ++sent_, code, reason});
  state_ = link_state::idle;
}

void inference_client::broken(std::uint16_t code, const std::string& reason, bool reset_server) {
  if (reset_server) // we drop the stream: the server's kernel sees a reset
    close_connection(close_abnormal, reason);
  state_ = link_state::idle;
  ++stats_.unexpected_closes[code];
  if (!progress_.in_flight)
    return;
  if (progress_.first_close == 0) {
    progress_.first_close = code;
    progress_.first_reason = reason;
  }
  // A message too big stays too big: only a lost or timed-out connection is worth a retry.
  if (code != close_too_big && progress_.attempts <= options_.reconnects) {
    ++stats_.reconnects;
    auto doubled = options_.backoff * (std::int64_t{1} << std::min<std::uint32_t>(progress_.attempts - 1, 30));
    auto wait = std::min(doubled, options_.backoff_max);
    delayed_send(this, sim::clamp_delay(double(wait.count()) * (0.5 + 0.5 * random().unit())), reconnect_due{});
    return;
  }
  request_record record = begin_record();
  record.failure = progress_.first_reason;
  if (reason != progress_.first_reason)
    record.failure += "; the last attempt: " + reason;
  end_request(std::move(record));
}

request_record inference_client::begin_record() const {
  request_record record;
  record.client = index_;
  record.request = progress_.next_request;
  record.attempts = progress_.attempts;
  record.first_close = progress_.first_close;
  record.unsent_after_reconnect = progress_.ever_unsent;
  record.e2e = now() - progress_.first_sent;
  return record;
}

void inference_client::on_tokens(const token_chunk& m) {
  if (m.request != progress_.next_request || !progress_.in_flight)
    return;
  auto t = now();
  if (tokens_ == 0)
    first_token_ = t;
  else if (m.count > 0)
    stats_.itl.record((t - last_token_).count() / std::int64_t(m.count), m.count);
  last_token_ = t;
  tokens_ += m.count;
}

void inference_client::on_done(const generation_done& m) {
  if (m.request != progress_.next_request || !progress_.in_flight)
    return;
  close_connection(close_normal, "");
  request_record record = begin_record();
  record.ok = true;
  record.tokens_in = m.tokens_in;
  record.tokens_out = m.tokens_out;
  record.finish = m.finish;
  record.ttft = (tokens_ > 0 ? first_token_ : now()) - progress_.first_sent;
  stats_.ttft.record(record.ttft.count());
  stats_.e2e.record(record.e2e.count());
  end_request(std::move(record));
}

void inference_client::end_request(request_record record) {
  stats_.records.push_back(std::move(record));
  progress_.in_flight = false;
  ++progress_.next_request;
  if (progress_.next_request < options_.requests)
    delayed_send(this, options_.think, next_request_due{});
  else
    start_request();
}

} // namespace detsim::actors::inference
