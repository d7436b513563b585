// live/metrics_server.hpp: serves the latest published exposition text at GET /metrics on
// 127.0.0.1 only (Boost.Beast over Asio, on its own thread). Whoever runs the simulation
// publishes a fresh text now and then; the server never reads simulation state itself.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace detsim::live {

class metrics_server {
public:
  /// Listens on 127.0.0.1:`port` (0: a free port); throws sim::input_error when it cannot.
  explicit metrics_server(std::uint16_t port);
  ~metrics_server();
  metrics_server(const metrics_server&) = delete;
  metrics_server& operator=(const metrics_server&) = delete;

  std::uint16_t port() const;
  /// Replaces what GET /metrics answers (thread-safe).
  void publish(std::string text);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace detsim::live
