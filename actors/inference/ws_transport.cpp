// actors/inference/ws_transport.cpp: Beast WebSocket connections on one Asio thread. Every
// operation is posted to that thread; each connection keeps one read pending (Beast answers
// the server's pings and reports our pongs only while reading) and writes in turn.
#include "detsim/actors/inference/ws_transport.hpp"

#include "detsim/sim/parameters.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <caf/send.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <deque>
#include <map>
#include <regex>
#include <thread>

namespace detsim::actors::inference {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

ws_url parse_ws_url(const std::string& text) {
  static const std::regex form{R"(ws://([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(?::([0-9]{1,5}))?(/[^\s]*)?)"};
  std::smatch match;
  if (!std::regex_match(text, match, form))
    throw sim::input_error("url '" + text + "' is not ws://host[:port][/path] (wss is not supported)");
  ws_url url{match[1], match[2].matched ? std::string(match[2]) : "80", match[3].matched ? std::string(match[3]) : "/"};
  if (std::stoul(url.port) == 0 || std::stoul(url.port) > 65535)
    throw sim::input_error("url '" + text + "': port must be 1..65535");
  if (url.host.front() == '[')
    url.host = url.host.substr(1, url.host.size() - 2);
  return url;
}

namespace {

/// One WebSocket connection, alive while a handler holds it.
struct link : std::enable_shared_from_this<link> {
  link(asio::io_context& io, std::uint64_t id) : ws(io), resolver(io), grace(io), id(id) {}
  websocket::stream<beast::tcp_stream> ws;
  tcp::resolver resolver;
  asio::steady_timer grace;  ///< how long a close waits for the peer's close frame
  beast::flat_buffer buffer;
  std::deque<std::string> writes;
  std::uint64_t id;
  std::uint64_t sequence = 0; ///< frames handed to the owner
  bool open = false;
  bool closing = false;
};

} // namespace

struct ws_transport::state {
  state(caf::actor owner, ws_url url)
    : owner(std::move(owner)), url(std::move(url)), work(asio::make_work_guard(io)) {}

  caf::actor owner;
  ws_url url;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  std::thread thread;
  std::map<std::uint64_t, std::shared_ptr<link>> links; // the I/O thread's only
  std::atomic<bool> stopped{false};

  template <class Message>
  void deliver(Message message) {
    if (!stopped.load())
      caf::anon_send(owner, std::move(message));
  }

  std::shared_ptr<link> find(std::uint64_t id) {
    auto found = links.find(id);
    return found == links.end() ? nullptr : found->second;
  }

  /// The connection ended without our asking: the owner hears why, once.
  void lost(const std::shared_ptr<link>& l, std::uint16_t code, const std::string& reason) {
    if (l->closing)
      return;
    l->closing = true;
    links.erase(l->id);
    if (code == close_abnormal)
      deliver(close_frame{0, l->id, 0, code, reason});
    else
      deliver(close_frame{0, l->id, ++l->sequence, code, reason});
  }

  void open(std::uint64_t id) {
    auto l = std::make_shared<link>(io, id);
    links[id] = l;
    l->resolver.async_resolve(url.host, url.port, [this, l](beast::error_code error, tcp::resolver::results_type found) {
      if (error)
        return lost(l, close_abnormal, "cannot resolve " + url.host + ": " + error.message());
      beast::get_lowest_layer(l->ws).async_connect(found, [this, l](beast::error_code error, const tcp::endpoint&) {
        if (error)
          return lost(l, close_abnormal, "cannot connect to " + url.host + ":" + url.port + ": " + error.message());
        handshake(l);
      });
    });
  }

  void handshake(const std::shared_ptr<link>& l) {
    l->ws.control_callback([this, weak = std::weak_ptr<link>(l)](websocket::frame_type kind, beast::string_view payload) {
      auto l = weak.lock();
      if (!l || l->closing || kind != websocket::frame_type::pong)
        return;
      std::uint64_t id = 0;
      for (char c : payload)
        id = c >= '0' && c <= '9' ? id * 10 + std::uint64_t(c - '0') : id;
      deliver(pong{l->id, ++l->sequence, id});
    });
    l->ws.async_handshake(url.host + ":" + url.port, url.target, [this, l](beast::error_code error) {
      if (error)
        return lost(l, close_abnormal, "handshake failed: " + error.message());
      if (l->closing)
        return;
      l->open = true;
      deliver(connection_opened{l->id});
      read(l);
      write_next(l);
    });
  }

  void read(const std::shared_ptr<link>& l) {
    l->ws.async_read(l->buffer, [this, l](beast::error_code error, std::size_t) {
      if (error == websocket::error::closed)
        return lost(l, l->ws.reason().code, std::string(l->ws.reason().reason.c_str()));
      if (error)
        return lost(l, close_abnormal, "connection lost: " + error.message());
      auto text = beast::buffers_to_string(l->buffer.data());
      l->buffer.consume(l->buffer.size());
      if (!l->closing && !dispatch(l, text))
        return;
      read(l);
    });
  }

  /// One reply of the protocol; a malformed one ends the connection (false).
  bool dispatch(const std::shared_ptr<link>& l, const std::string& text) {
    auto reply = nlohmann::json::parse(text, nullptr, false);
    auto type = reply.is_object() ? reply.value("type", std::string{}) : std::string{};
    auto number = [&](const char* key) {
      auto found = reply.find(key);
      return found != reply.end() && found->is_number_unsigned() ? found->get<std::uint64_t>() : std::uint64_t{0};
    };
    auto request = number("request");
    if (type == "token") {
      deliver(token_chunk{l->id, ++l->sequence, request, reply.contains("tokens") ? number("tokens") : 1});
    } else if (type == "done") {
      deliver(generation_done{l->id, ++l->sequence, request, number("tokens_in"), number("tokens_out"),
                              reply.value("finish", std::string{"eos"})});
    } else if (type == "error") {
      deliver(request_error{l->id, ++l->sequence, request, reply.value("message", std::string{"(no message)"})});
    } else {
      close(l->id, 1002, "protocol error");
      deliver(close_frame{0, l->id, 0, close_abnormal,
                          "protocol error: unexpected reply " + text.substr(0, 80)});
      return false;
    }
    return true;
  }

  void write_next(const std::shared_ptr<link>& l) {
    if (!l->open || l->closing || l->writes.empty())
      return;
    l->ws.text(true);
    l->ws.async_write(asio::buffer(l->writes.front()), [this, l](beast::error_code error, std::size_t) {
      if (error)
        return lost(l, close_abnormal, "write failed: " + error.message());
      l->writes.pop_front();
      write_next(l);
    });
  }

  void send(std::uint64_t id, std::string text) {
    auto l = find(id);
    if (!l)
      return;
    l->writes.push_back(std::move(text));
    if (l->writes.size() == 1)
      write_next(l);
  }

  void close(std::uint64_t id, std::uint16_t code, const std::string& reason) {
    auto l = find(id);
    if (!l)
      return;
    l->closing = true;
    links.erase(id);
    auto& socket = beast::get_lowest_layer(l->ws);
    if (code == close_abnormal || !l->open) // 1006 is never sent: the stream is just dropped
      return socket.close();
    // Like websockets' fail_connection: send the close frame, wait a little, drop it.
    l->ws.async_close(websocket::close_reason(static_cast<websocket::close_code>(code), reason), [l](beast::error_code) {
      beast::get_lowest_layer(l->ws).close();
    });
    l->grace.expires_after(std::chrono::seconds(1));
    l->grace.async_wait([l](beast::error_code) { beast::get_lowest_layer(l->ws).close(); });
  }
};

ws_transport::ws_transport(caf::actor owner, ws_url url)
  : state_(std::make_unique<state>(std::move(owner), std::move(url))) {
  state_->thread = std::thread([s = state_.get()] { s->io.run(); });
}

ws_transport::~ws_transport() {
  stop();
}

void ws_transport::open(std::uint64_t connection) {
  asio::post(state_->io, [s = state_.get(), connection] { s->open(connection); });
}

void ws_transport::send_request(const chat_request& request) {
  // The prompt itself, so that a real server sees the words it would have to read.
  std::string prompt;
  prompt.reserve(request.words * 6);
  for (std::uint64_t i = 0; i < request.words; ++i)
    prompt += i == 0 ? "hello" : " hello";
  nlohmann::json body{{"prompt", std::move(prompt)}, {"words", request.words},
                      {"max_tokens", request.max_tokens}, {"min_tokens", request.min_tokens},
                      {"request", request.request}};
  asio::post(state_->io, [s = state_.get(), id = request.connection, text = body.dump()]() mutable {
    s->send(id, std::move(text));
  });
}

void ws_transport::send_ping(std::uint64_t connection, std::uint64_t id) {
  asio::post(state_->io, [s = state_.get(), connection, id] {
    auto l = s->find(connection);
    if (l && l->open)
      l->ws.async_ping(websocket::ping_data(std::to_string(id).c_str()), [](beast::error_code) {});
  });
}

void ws_transport::close(std::uint64_t connection, std::uint16_t code, const std::string& reason) {
  asio::post(state_->io, [s = state_.get(), connection, code, reason] { s->close(connection, code, reason); });
}

void ws_transport::stop() {
  if (!state_ || state_->stopped.exchange(true))
    return;
  asio::post(state_->io, [s = state_.get()] {
    for (auto& [id, l] : s->links)
      beast::get_lowest_layer(l->ws).close();
    s->links.clear();
    s->work.reset();
    s->io.stop();
  });
  if (state_->thread.joinable())
    state_->thread.join();
  state_->owner = nullptr;
}

} // namespace detsim::actors::inference
