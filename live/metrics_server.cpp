// live/metrics_server.cpp: an Asio acceptor and one Beast session per connection: read a
// request (5 s at most), answer /metrics with the published text, anything else with 404.
#include "detsim/live/metrics_server.hpp"

#include "detsim/sim/parameters.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <mutex>
#include <thread>

namespace detsim::live {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

/// One connection: read a request, answer it, keep going while the client keeps it alive.
class session : public std::enable_shared_from_this<session> {
public:
  session(tcp::socket socket, std::function<std::string()> text)
    : stream_(std::move(socket)), text_(std::move(text)) {}

  void start() { read(); }

private:
  void read() {
    request_ = {};
    stream_.expires_after(std::chrono::seconds(5));
    http::async_read(stream_, buffer_, request_,
                     [self = shared_from_this()](beast::error_code error, std::size_t) {
                       if (!error)
                         self->answer();
                     });
  }

  void answer() {
    auto response = std::make_shared<http::response<http::string_body>>();
    response->version(request_.version());
    response->keep_alive(request_.keep_alive());
    auto target = std::string(request_.target());
    if (request_.method() == http::verb::get && (target == "/metrics" || target.rfind("/metrics?", 0) == 0)) {
      response->result(http::status::ok);
      response->set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
      response->body() = text_();
    } else {
      response->result(http::status::not_found);
      response->set(http::field::content_type, "text/plain");
      response->body() = "detsim serves /metrics only\n";
    }
    response->prepare_payload();
    http::async_write(stream_, *response,
                      [self = shared_from_this(), response](beast::error_code error, std::size_t) {
                        if (!error && response->keep_alive())
                          self->read();
                        else
                          self->stream_.socket().shutdown(tcp::socket::shutdown_send, error);
                      });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  std::function<std::string()> text_;
};

} // namespace

struct metrics_server::impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::mutex mutex;
  std::string text;
  std::thread thread;

  void accept() {
    acceptor.async_accept([this](beast::error_code error, tcp::socket socket) {
      if (error)
        return; // closed: the server is stopping
      std::make_shared<session>(std::move(socket), [this] {
        std::lock_guard<std::mutex> guard{mutex};
        return text;
      })->start();
      accept();
    });
  }
};

metrics_server::metrics_server(std::uint16_t port) : impl_(std::make_unique<impl>()) {
  beast::error_code error;
  tcp::endpoint endpoint{asio::ip::make_address("127.0.0.1"), port};
  impl_->acceptor.open(endpoint.protocol(), error);
  if (!error)
    impl_->acceptor.set_option(asio::socket_base::reuse_address(true), error);
  if (!error)
    impl_->acceptor.bind(endpoint, error);
  if (!error)
    impl_->acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error)
    throw sim::input_error("--metrics-port " + std::to_string(port) + ": cannot listen on 127.0.0.1 (" +
                           error.message() + ")");
  impl_->accept();
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

metrics_server::~metrics_server() {
  impl_->io.stop();
  if (impl_->thread.joinable())
    impl_->thread.join();
}

std::uint16_t metrics_server::port() const {
  return impl_->acceptor.local_endpoint().port();
}

void metrics_server::publish(std::string text) {
  std::lock_guard<std::mutex> guard{impl_->mutex};
  impl_->text = std::move(text);
}

} // namespace detsim::live
