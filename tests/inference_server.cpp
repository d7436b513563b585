// tests/inference_server.cpp: the acceptor, the sessions (HTTP upgrade on the right path,
// then requests), the blocking prefill and the streamed answer.
#include "inference_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <deque>
#include <thread>

namespace detsim_test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

class session : public std::enable_shared_from_this<session> {
public:
  session(tcp::socket socket, const inference_server_options& options)
    : ws_(std::move(socket)), timer_(ws_.get_executor()), options_(options) {}

  void start() {
    http::async_read(ws_.next_layer(), buffer_, upgrade_, [self = shared_from_this()](beast::error_code error, std::size_t) {
      if (!error)
        self->accept();
    });
  }

private:
  void accept() {
    if (!websocket::is_upgrade(upgrade_) || upgrade_.target() != options_.path) {
      auto response = std::make_shared<http::response<http::string_body>>(http::status::not_found, upgrade_.version());
      response->body() = "no WebSocket endpoint here; try " + options_.path + "\n";
      response->prepare_payload();
      http::async_write(ws_.next_layer(), *response, [self = shared_from_this(), response](beast::error_code, std::size_t) {
        beast::error_code ignored;
        self->ws_.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
      });
      return;
    }
    ws_.async_accept(upgrade_, [self = shared_from_this()](beast::error_code error) {
      if (!error)
        self->read();
    });
  }

  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code error, std::size_t) {
      if (error)
        return; // closed, or gone
      auto text = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      self->handle(text);
      self->read(); // pings are answered while a read is pending and the thread is free
    });
  }

  void handle(const std::string& text) {
    auto request = nlohmann::json::parse(text, nullptr, false);
    if (!request.is_object())
      return send({{"type", "error"}, {"message", "not a JSON object"}});
    request_ = request.value("request", std::uint64_t{0});
    auto words = request.value("words", std::uint64_t{0});
    if (words == 0) { // count the prompt's words
      auto prompt = request.value("prompt", std::string{});
      bool in_word = false;
      for (char c : prompt) {
        bool space = c == ' ' || c == '\n' || c == '\t';
        words += !space && !in_word;
        in_word = !space;
      }
    }
    tokens_in_ = words + options_.template_tokens;
    if (tokens_in_ > options_.max_context)
      return send({{"type", "error"}, {"request", request_},
                   {"message", "context length exceeded: " + std::to_string(tokens_in_) + " tokens"}});
    auto max_tokens = request.value("max_tokens", std::uint64_t{512});
    auto min_tokens = request.value("min_tokens", std::uint64_t{0});
    answer_ = std::min(std::max(options_.answer_tokens, min_tokens), std::max<std::uint64_t>(max_tokens, 1));
    finish_ = answer_ == max_tokens ? "max_tokens" : "eos";
    // The model runs inline on the event loop: nothing else happens until it is done.
    std::this_thread::sleep_for(std::chrono::duration<double>(options_.overhead_s + double(tokens_in_) / options_.prefill_tokens_per_s));
    sent_ = 0;
    next_token();
  }

  void next_token() {
    timer_.expires_after(std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::duration<double>(1.0 / options_.decode_tokens_per_s)));
    timer_.async_wait([self = shared_from_this()](beast::error_code error) {
      if (error)
        return;
      ++self->sent_;
      self->send({{"type", "token"}, {"request", self->request_}, {"tokens", 1}});
      if (self->sent_ < self->answer_)
        return self->next_token();
      self->send({{"type", "done"}, {"request", self->request_}, {"tokens_in", self->tokens_in_},
                  {"tokens_out", self->sent_}, {"finish", self->finish_}});
    });
  }

  void send(const nlohmann::json& reply) {
    writes_.push_back(reply.dump());
    if (writes_.size() == 1)
      write_next();
  }

  void write_next() {
    ws_.text(true);
    ws_.async_write(asio::buffer(writes_.front()), [self = shared_from_this()](beast::error_code error, std::size_t) {
      if (error)
        return;
      self->writes_.pop_front();
      if (!self->writes_.empty())
        self->write_next();
    });
  }

  websocket::stream<tcp::socket> ws_;
  asio::steady_timer timer_;
  const inference_server_options& options_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> upgrade_;
  std::deque<std::string> writes_;
  std::uint64_t request_ = 0, tokens_in_ = 0, answer_ = 0, sent_ = 0;
  std::string finish_;
};

} // namespace

struct inference_server::state {
  state(inference_server_options options, unsigned short port)
    : options(std::move(options)), acceptor(io, {asio::ip::make_address("127.0.0.1"), port}) {}

  void accept() {
    acceptor.async_accept([this](beast::error_code error, tcp::socket socket) {
      if (error)
        return;
      std::make_shared<session>(std::move(socket), options)->start();
      accept();
    });
  }

  inference_server_options options;
  asio::io_context io;
  tcp::acceptor acceptor;
  std::thread thread;
};

inference_server::inference_server(inference_server_options options, unsigned short port)
  : state_(std::make_unique<state>(std::move(options), port)) {
  state_->accept();
}

inference_server::~inference_server() {
  stop();
}

unsigned short inference_server::port() const {
  return state_->acceptor.local_endpoint().port();
}

void inference_server::start() {
  state_->thread = std::thread([s = state_.get()] { s->io.run(); });
}

void inference_server::run() {
  state_->io.run();
}

void inference_server::stop() {
  state_->io.stop();
  if (state_->thread.joinable())
    state_->thread.join();
}

} // namespace detsim_test
