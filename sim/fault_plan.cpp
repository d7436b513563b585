// sim/fault_plan.cpp: the fault plan grammar, with line/column errors.
#include "detsim/sim/fault_plan.hpp"

#include "detsim/sim/parameters.hpp"

#include <cstdlib>
#include <tuple>

namespace detsim::sim {

namespace {

struct token {
  std::string text;
  int column = 0;
};

/// Reads one statement's tokens and reports errors at their exact position.
class statement_reader {
public:
  statement_reader(std::string_view origin, int line, std::vector<token> tokens)
    : origin_(origin), line_(line), tokens_(std::move(tokens)) {}

  bool done() const { return next_ >= tokens_.size(); }

  const token& expect_any(const char* what) {
    if (done())
      fail(end_column(), std::string("expected ") + what + " but the statement ended");
    return tokens_[next_++];
  }

  void expect_word(const char* word) {
    auto& t = expect_any(word);
    if (t.text != word)
      fail(t.column, "expected '" + std::string(word) + "', found '" + t.text + "'");
  }

  time_point expect_time() {
    auto& t = expect_any("a time such as 2s");
    auto value = parse_duration(t.text);
    if (!value)
      fail(t.column, "'" + t.text + "' is not a time (e.g. 2s, 500ms)");
    return *value;
  }

  double expect_probability() {
    auto& t = expect_any("a probability");
    char* end = nullptr;
    double p = std::strtod(t.text.c_str(), &end);
    if (*end != '\0' || !(p >= 0.0 && p <= 1.0))
      fail(t.column, "'" + t.text + "' is not a probability between 0 and 1");
    return p;
  }

  [[noreturn]] void fail(int column, const std::string& message) const {
    throw input_error("fault plan '" + std::string(origin_) + "' line " + std::to_string(line_) +
                      " column " + std::to_string(column) + ": " + message);
  }

  int end_column() const {
    if (tokens_.empty())
      return 1;
    auto& last = tokens_.back();
    return last.column + static_cast<int>(last.text.size());
  }

private:
  std::string_view origin_;
  int line_;
  std::vector<token> tokens_;
  std::size_t next_ = 0;
};

void parse_scope(statement_reader& in, fault& f) {
  if (in.done())
    return;
  auto& scope = in.expect_any("'link' or 'node'");
  if (scope.text == "node") {
    f.node = in.expect_any("a node").text;
  } else if (scope.text == "link") {
    auto& link = in.expect_any("a link such as a->b");
    auto arrow = link.text.find("->");
    if (arrow == std::string::npos || arrow == 0 || arrow + 2 >= link.text.size())
      in.fail(link.column, "'" + link.text + "' is not a link (expected source->target)");
    f.source = link.text.substr(0, arrow);
    f.target = link.text.substr(arrow + 2);
  } else {
    in.fail(scope.column, "unknown scope '" + scope.text + "' (expected: link, node)");
  }
}

void parse_interval_action(statement_reader& in, fault& f) {
  auto& action = in.expect_any("an action");
  if (action.text == "partition") {
    f.kind = fault_kind::partition;
    auto& sides = in.expect_any("two sides such as a|b");
    auto split = sides.text.find_first_of("|");
    auto arrow = sides.text.find("->");
    std::size_t cut = split != std::string::npos ? split : arrow;
    std::size_t width = split != std::string::npos ? 1 : 2;
    if (cut == std::string::npos || cut == 0 || cut + width >= sides.text.size())
      in.fail(sides.column, "'" + sides.text + "' is not a partition (expected a|b or a->b)");
    f.directed = split == std::string::npos;
    f.source = sides.text.substr(0, cut);
    f.target = sides.text.substr(cut + width);
  } else if (action.text == "loss" || action.text == "duplicate") {
    f.kind = action.text == "loss" ? fault_kind::loss : fault_kind::duplicate;
    f.probability = in.expect_probability();
    parse_scope(in, f);
  } else if (action.text == "latency") {
    f.kind = fault_kind::latency;
    auto& amount = in.expect_any("an added latency such as +50ms");
    auto value = amount.text.size() > 1 && amount.text[0] == '+'
                   ? parse_duration(std::string_view{amount.text}.substr(1))
                   : std::nullopt;
    if (!value)
      in.fail(amount.column, "'" + amount.text + "' is not an added latency (e.g. +50ms)");
    f.extra = *value;
    parse_scope(in, f);
  } else if (action.text == "slow") {
    f.kind = fault_kind::slow;
    auto& amount = in.expect_any("a slowdown such as 4x");
    auto text = amount.text;
    if (!text.empty() && text.back() == 'x')
      text.pop_back();
    char* end = nullptr;
    f.factor = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(f.factor >= 1 && f.factor <= max_slowdown))
      in.fail(amount.column, "'" + amount.text + "' is not a slowdown between 1x and 1000000x");
    parse_scope(in, f);
    if (f.node.empty())
      in.fail(amount.column, "slow applies to nodes: add 'node NAME'");
  } else if (action.text == "memory") {
    f.kind = fault_kind::memory;
    auto& amount = in.expect_any("the share of memory left, such as 50%");
    auto text = amount.text;
    bool percent = !text.empty() && text.back() == '%';
    if (percent)
      text.pop_back();
    char* end = nullptr;
    auto value = std::strtod(text.c_str(), &end);
    f.factor = value; // kept as written, so the plan prints back exactly
    if (!percent || text.empty() || *end != '\0' || !(value > 0 && value <= 100))
      in.fail(amount.column, "'" + amount.text + "' is not a share of memory between 0% and 100% (e.g. 50%)");
    parse_scope(in, f);
    if (f.node.empty())
      in.fail(amount.column, "memory applies to nodes: add 'node NAME'");
  } else {
    in.fail(action.column, "unknown action '" + action.text +
                             "' (expected: partition, loss, latency, duplicate, slow, memory)");
  }
}

fault parse_statement(statement_reader& in) {
  fault f;
  auto& head = in.expect_any("'at' or 'from'");
  if (head.text == "at") {
    f.start = f.end = in.expect_time();
    auto& action = in.expect_any("kill or restart");
    if (action.text == "kill")
      f.kind = fault_kind::kill;
    else if (action.text == "restart")
      f.kind = fault_kind::restart;
    else
      in.fail(action.column, "unknown action '" + action.text + "' (expected: kill, restart)");
    f.node = in.expect_any("a node").text;
  } else if (head.text == "from") {
    f.start = in.expect_time();
    in.expect_word("to");
    f.end = in.expect_time();
    if (f.end <= f.start)
      in.fail(head.column, "the interval ends before it starts");
    parse_interval_action(in, f);
  } else {
    in.fail(head.column, "expected 'at' or 'from', found '" + head.text + "'");
  }
  if (!in.done()) {
    auto& extra = in.expect_any("");
    in.fail(extra.column, "unexpected '" + extra.text + "' at the end of the statement");
  }
  return f;
}

std::string format_probability(double p) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.17g", p);
  // Prefer the short form when it round-trips exactly.
  char short_form[32];
  std::snprintf(short_form, sizeof(short_form), "%g", p);
  return std::strtod(short_form, nullptr) == p ? short_form : buffer;
}

std::string scope_text(const fault& f) {
  if (!f.node.empty())
    return " node " + f.node;
  if (!f.source.empty() || !f.target.empty())
    return " link " + f.source + "->" + f.target;
  return "";
}

} // namespace

bool operator==(const fault& a, const fault& b) {
  return std::tie(a.kind, a.start, a.end, a.node, a.source, a.target, a.directed,
                  a.probability, a.extra, a.factor) ==
         std::tie(b.kind, b.start, b.end, b.node, b.source, b.target, b.directed,
                  b.probability, b.extra, b.factor);
}

fault_plan fault_plan::parse(std::string_view text, std::string_view origin) {
  fault_plan plan;
  int line = 1;
  int column = 1;
  std::vector<token> tokens;
  token current;
  bool in_comment = false;
  auto end_token = [&] {
    if (!current.text.empty())
      tokens.push_back(std::move(current));
    current = token{};
  };
  auto end_statement = [&] {
    end_token();
    if (!tokens.empty()) {
      statement_reader reader{origin, line, std::move(tokens)};
      plan.add(parse_statement(reader));
    }
    tokens.clear();
  };
  for (char c : text) {
    if (c == '\n' || (c == ';' && !in_comment)) {
      // A comment runs to the end of its line: a ';' inside it ends nothing.
      end_statement();
      in_comment = false;
      if (c == '\n') {
        ++line;
        column = 1;
        continue;
      }
    } else if (c == '#' || in_comment) {
      end_token();
      in_comment = true;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      end_token();
    } else {
      if (current.text.empty())
        current.column = column;
      current.text += c;
    }
    ++column;
  }
  end_statement();
  return plan;
}

void fault_plan::add(fault f) {
  faults_.push_back(std::move(f));
}

void fault_plan::append(const fault_plan& other) {
  for (auto& f : other.faults_)
    faults_.push_back(f);
}

std::string to_string(const fault& f) {
  switch (f.kind) {
    case fault_kind::kill:
      return "at " + format_duration(f.start) + " kill " + f.node;
    case fault_kind::restart:
      return "at " + format_duration(f.start) + " restart " + f.node;
    default:
      break;
  }
  std::string head = "from " + format_duration(f.start) + " to " + format_duration(f.end);
  switch (f.kind) {
    case fault_kind::partition:
      return head + " partition " + f.source + (f.directed ? "->" : "|") + f.target;
    case fault_kind::loss:
      return head + " loss " + format_probability(f.probability) + scope_text(f);
    case fault_kind::duplicate:
      return head + " duplicate " + format_probability(f.probability) + scope_text(f);
    case fault_kind::slow:
      return head + " slow " + format_probability(f.factor) + "x" + scope_text(f);
    case fault_kind::memory:
      return head + " memory " + format_probability(f.factor) + "%" + scope_text(f);
    default:
      return head + " latency +" + format_duration(f.extra) + scope_text(f);
  }
}

std::string fault_plan::to_string() const {
  std::string text;
  for (auto& f : faults_)
    text += sim::to_string(f) + "\n";
  return text;
}

std::string fault_plan::to_inline() const {
  std::string text;
  for (auto& f : faults_)
    text += (text.empty() ? "" : "; ") + sim::to_string(f);
  return text;
}

} // namespace detsim::sim
