// campaigns/isolated_run.cpp: fork, limits, result line over a pipe, and reaping.
#include "detsim/campaigns/isolated_run.hpp"

#include "detsim/campaigns/crash_frames.hpp"
#include "detsim/harness/exit_codes.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <cmath>
#include <limits>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace detsim::campaigns {

namespace {

std::string record_to_json(const run_record& r) {
  nlohmann::json j{{"status", to_string(r.status)}, {"exit", r.exit_code},
                   {"signature", r.signature},      {"message", r.message},
                   {"digest", r.digest},            {"plan", r.plan},
                   {"wall", r.wall_seconds},        {"metrics", metrics_to_json(r.metrics)}};
  return j.dump() + "\n";
}

run_status status_from(const std::string& text) {
  for (auto s : {run_status::pass, run_status::invariant, run_status::liveness,
                 run_status::crash, run_status::timeout, run_status::error})
    if (text == to_string(s))
      return s;
  return run_status::error;
}

/// Runs in the child: executes the spec and writes one JSON line.
[[noreturn]] void child_main(const runtime::registry& registry, const harness::run_spec& spec,
                             const run_limits& limits, run_record record, int out) {
  if (limits.memory_mb > 0) {
    rlimit limit{limits.memory_mb << 20, limits.memory_mb << 20};
    setrlimit(RLIMIT_AS, &limit);
  }
  int code = harness::exit_pass;
  try {
    auto outcome = harness::execute(registry, spec);
    record.digest = fmt::format("{:016x}", outcome.stats.digest);
    record.plan = outcome.plan.to_string();
    record.wall_seconds = outcome.stats.wall_seconds;
    for (const auto& m : outcome.metrics)
      record.metrics.emplace_back(m.name, m.value);
    auto reason = outcome.stats.reason;
    if (!outcome.passed()) {
      for (auto& inv : outcome.invariants)
        if (!inv.passed) {
          auto first = inv.violations.empty() ? std::string{} : inv.violations.front();
          record.status = run_status::invariant;
          record.signature = "invariant:" + inv.name + ": " +
                             (inv.bucket.empty() ? normalize_message(first) : inv.bucket);
          record.message = inv.name + ": " + first;
          break;
        }
      code = harness::exit_invariant;
    } else if (reason == sim::stop_reason::step_budget ||
               reason == sim::stop_reason::wall_budget) {
      record.status = run_status::liveness;
      record.signature = "liveness:time budget exceeded";
      record.message = "time budget exceeded";
      code = harness::exit_liveness;
    }
  } catch (const std::bad_alloc&) {
    record.status = run_status::crash;
    record.signature = "crash:out of memory";
    record.message = "out of memory (limit " + std::to_string(limits.memory_mb) + " MiB)";
    code = harness::exit_internal;
  } catch (const std::exception& e) {
    record.status = run_status::error;
    record.signature = "error:" + normalize_message(e.what());
    record.message = e.what();
    code = harness::exit_internal;
  }
  auto line = record_to_json(record);
  auto ignored = write(out, line.data(), line.size());
  (void)ignored;
  _exit(code);
}

} // namespace

nlohmann::json metrics_to_json(const std::vector<std::pair<std::string, double>>& metrics) {
  auto list = nlohmann::json::array();
  for (const auto& [name, value] : metrics)
    list.push_back({name, std::isfinite(value) ? nlohmann::json(value) : nlohmann::json()});
  return list;
}

std::vector<std::pair<std::string, double>> metrics_from_json(const nlohmann::json& j) {
  if (!j.is_array())
    throw std::runtime_error("'metrics' must be a list of [name, value] pairs");
  std::vector<std::pair<std::string, double>> metrics;
  for (const auto& pair : j) {
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() ||
        !(pair[1].is_number() || pair[1].is_null()))
      throw std::runtime_error("'metrics' must be a list of [name, value] pairs");
    metrics.emplace_back(pair[0].get<std::string>(), pair[1].is_null()
                                                        ? std::numeric_limits<double>::quiet_NaN()
                                                        : pair[1].get<double>());
  }
  return metrics;
}

const char* to_string(run_status status) {
  switch (status) {
    case run_status::pass: return "pass";
    case run_status::invariant: return "invariant";
    case run_status::liveness: return "liveness";
    case run_status::crash: return "crash";
    case run_status::timeout: return "timeout";
    default: return "error";
  }
}

double monotonic_seconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

std::string normalize_message(const std::string& text) {
  // Every word that holds a digit (3, 17ms, 4895747ns, 2.5s, 91a904ca) becomes N, so
  // the same failure on other seeds, nodes and values gets the same signature.
  std::string out;
  std::size_t i = 0;
  auto word_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_';
  };
  while (i < text.size()) {
    if (!word_char(text[i])) {
      out += text[i++];
      continue;
    }
    auto end = i;
    bool digit = false;
    for (; end < text.size() && word_char(text[end]); ++end)
      if (std::isdigit(static_cast<unsigned char>(text[end])))
        digit = true;
    auto word = text.substr(i, end - i);
    out += digit ? "N" + std::string(word.back() == '.' ? "." : "") : word;
    i = end;
  }
  return out;
}

child_run start_isolated(const runtime::registry& registry, const harness::run_spec& spec,
                         const run_limits& limits, run_record record) {
  int fds[2];
  if (pipe(fds) != 0)
    throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  std::fflush(stdout);
  std::fflush(stderr);
  child_run child;
  child.record = record;
  child.started = monotonic_seconds();
  child.pid = fork();
  if (child.pid < 0)
    throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (child.pid == 0) {
    close(fds[0]);
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDOUT_FILENO); // a child's own prints would garble the campaign's
    install_crash_reporter(fds[1]);
    child_main(registry, spec, limits, record, fds[1]);
  }
  close(fds[1]);
  child.pipe = fds[0];
  fcntl(child.pipe, F_SETFL, O_NONBLOCK);
  return child;
}

bool pump(child_run& child) {
  char buffer[4096];
  for (;;) {
    auto n = read(child.pipe, buffer, sizeof(buffer));
    if (n > 0) {
      child.output.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0)
      return true;
    return !(errno == EAGAIN || errno == EINTR);
  }
}

run_record finish(child_run& child, bool killed_for_time, double wall_limit) {
  if (killed_for_time)
    kill(child.pid, SIGKILL);
  int status = 0;
  waitpid(child.pid, &status, 0);
  close(child.pipe);
  auto record = child.record;
  record.wall_seconds = monotonic_seconds() - child.started;
  if (killed_for_time) {
    record.status = run_status::timeout;
    record.signature = "timeout:wall-time limit";
    record.message = fmt::format("killed at the {:g} s wall-time limit", wall_limit);
    record.exit_code = harness::exit_liveness;
    return record;
  }
  auto newline = child.output.find('\n');
  if (WIFSIGNALED(status) || newline == std::string::npos) {
    int signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    record.status = run_status::crash;
    record.signature = signal ? std::string("crash:") + sigabbrev_np(signal)
                              : "crash:exit without result";
    auto frames = top_frames(child.output, 3);
    for (std::size_t i = 0; i < frames.size(); ++i)
      record.signature += (i == 0 ? " at " : " < ") + frames[i];
    record.message = signal ? std::string("killed by signal ") + strsignal(signal)
                            : "the run exited without reporting a result";
    record.exit_code = harness::exit_internal;
    return record;
  }
  auto j = nlohmann::json::parse(child.output.substr(0, newline), nullptr, false);
  if (j.is_discarded()) {
    record.status = run_status::error;
    record.signature = "error:unreadable result";
    return record;
  }
  record.status = status_from(j.value("status", "error"));
  record.signature = j.value("signature", "");
  record.message = j.value("message", "");
  record.digest = j.value("digest", "");
  record.plan = j.value("plan", "");
  record.exit_code = WEXITSTATUS(status);
  try {
    if (j.contains("metrics"))
      record.metrics = metrics_from_json(j.at("metrics"));
  } catch (const std::exception&) {
    record.status = run_status::error;
    record.signature = "error:unreadable result";
  }
  return record;
}

run_record run_isolated(const runtime::registry& registry, const harness::run_spec& spec,
                        const run_limits& limits, run_record record) {
  auto child = start_isolated(registry, spec, limits, record);
  for (;;) {
    auto left = limits.wall_seconds - (monotonic_seconds() - child.started);
    if (left <= 0)
      return finish(child, true, limits.wall_seconds);
    pollfd p{child.pipe, POLLIN, 0};
    poll(&p, 1, static_cast<int>(std::min(left, 1.0) * 1000) + 1);
    if (pump(child))
      return finish(child, false, limits.wall_seconds);
  }
}

} // namespace detsim::campaigns
