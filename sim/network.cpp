// sim/network.cpp: routing decisions, fault activation and node clocks.
#include "detsim/sim/network.hpp"

#include "detsim/sim/assert.hpp"
#include "detsim/sim/parameters.hpp"

#include <algorithm>

namespace detsim::sim {

namespace {

std::uint64_t link_key(node_id source, node_id target) {
  return (static_cast<std::uint64_t>(source) << 32) | target;
}

} // namespace

network::network(link_profile defaults) : defaults_(defaults) {}

node_id network::add_node(const std::string& name, node_clock clock) {
  auto id = static_cast<node_id>(names_.size());
  names_.push_back(name);
  if (clock.skew.count() != 0 || clock.drift_ppm != 0) {
    clocks_.resize(id); // nodes before it keep the global clock
    clocks_.push_back(clock);
  }
  by_name_.add(names_, id);
  return id;
}

void network::add_to_group(const std::string& group, node_id node) {
  DETSIM_ASSERT(node < names_.size()); // a node is declared before it joins a group
  groups_[group].push_back(node);
}

std::vector<std::string> network::grouped_names() const {
  std::vector<bool> grouped(names_.size(), false);
  for (const auto& [group, members] : groups_)
    for (auto node : members)
      grouped[node] = true;
  std::vector<std::string> result;
  for (node_id node = 0; node < names_.size(); ++node)
    if (grouped[node])
      result.push_back(names_[node]);
  return result;
}

void network::set_link(node_id source, node_id target, link_profile profile) {
  DETSIM_ASSERT(source < names_.size() && target < names_.size());
  links_[link_key(source, target)] = profile;
  least_link_floor_ = std::min(least_link_floor_, profile.latency_min);
}

std::vector<node_id> network::match(const std::string& pattern) const {
  std::vector<node_id> result;
  if (pattern == "*") {
    for (node_id i = 0; i < names_.size(); ++i)
      result.push_back(i);
  } else if (auto n = by_name_.find(names_, pattern)) {
    result.push_back(*n);
  } else if (auto g = groups_.find(pattern); g != groups_.end()) {
    result = g->second;
  } else if (!pattern.empty() && pattern.back() == '*') {
    auto prefix = pattern.substr(0, pattern.size() - 1);
    for (node_id i = 0; i < names_.size(); ++i)
      if (names_[i].compare(0, prefix.size(), prefix) == 0)
        result.push_back(i);
  }
  return result;
}

void network::validate(const fault_plan& plan) const {
  for (auto& f : plan.faults())
    for (auto* pattern : {&f.node, &f.source, &f.target})
      if (!pattern->empty() && match(*pattern).empty())
        throw input_error("fault '" + to_string(f) + "': '" + *pattern +
                          "' names no node or group of this scenario");
}

std::vector<char> network::membership(const std::string& pattern) const {
  std::vector<char> members(names_.size(), pattern.empty() ? 1 : 0);
  for (auto id : match(pattern))
    members[id] = 1;
  return members;
}

void network::begin(std::uint32_t id, const fault& f) {
  active_fault a{f, {}, {}};
  if (!f.node.empty()) {
    a.source_side = membership(f.node);
  } else {
    a.source_side = membership(f.source);
    a.target_side = membership(f.target);
  }
  auto order = next_active_++;
  active_.emplace(order, std::move(a));
  active_by_id_[id] = order;
}

void network::end(std::uint32_t id) {
  auto i = active_by_id_.find(id);
  if (i == active_by_id_.end())
    return;
  active_.erase(i->second);
  active_by_id_.erase(i);
}

bool network::applies(const active_fault& f, node_id source, node_id target) const {
  auto member = [](const std::vector<char>& side, node_id id) {
    return id < side.size() && side[id];
  };
  if (!f.spec.node.empty()) // a node scope covers traffic from and to the node
    return member(f.source_side, source) || member(f.source_side, target);
  bool forward = member(f.source_side, source) && member(f.target_side, target);
  if (f.spec.kind == fault_kind::partition && !f.spec.directed)
    return forward || (member(f.source_side, target) && member(f.target_side, source));
  return forward;
}

const link_profile& network::profile(node_id source, node_id target) const {
  if (links_.empty())
    return defaults_;
  auto i = links_.find(link_key(source, target));
  return i == links_.end() ? defaults_ : i->second;
}

void network::set_nic(node_id node, nic_profile nic) {
  if (nics_.size() < names_.size()) {
    nics_.resize(names_.size());
    egress_free_.resize(names_.size(), time_point{0});
    ingress_free_.resize(names_.size(), time_point{0});
  }
  nics_.at(node) = std::move(nic);
}

duration network::send_backlog(node_id node, time_point now) const {
  if (node >= egress_free_.size() || egress_free_[node] <= now)
    return duration{0};
  return egress_free_[node] - now;
}

std::pair<time_point, time_point> network::through_nics(node_id source, node_id target, time_point now,
                                                        std::size_t bytes) {
  auto transfer = [bytes](double rate) { return clamp_delay(double(bytes) * 1e9 / rate); };
  time_point sent = now, received = now;
  if (source < nics_.size() && nics_[source].egress > 0) {
    double rate = double(nics_[source].egress) / slowdown(source);
    for (const auto& phase : nics_[source].phases)
      if (now >= phase.from && now < phase.to)
        rate *= phase.factor;
    sent = std::min(std::max(now, egress_free_[source]) + transfer(rate), now + max_model_delay);
    egress_free_[source] = sent;
  }
  if (target < nics_.size() && nics_[target].ingress > 0) {
    received = std::min(std::max(now, ingress_free_[target]) + transfer(double(nics_[target].ingress)),
                        now + max_model_delay);
    ingress_free_[target] = received;
  }
  return {sent, received};
}

time_point network::delivery_time(node_id source, node_id target, const link_profile& link,
                                  time_point now, std::size_t bytes, duration extra,
                                  rng& random) {
  std::int64_t jitter = 0;
  if (link.latency_jitter_mean.count() > 0)
    jitter = static_cast<std::int64_t>(
      random.exponential(static_cast<double>(link.latency_jitter_mean.count())));
  time_point departure = now;
  time_point received{0}; // through the receiver's NIC (0: it sets no limit)
  if (bytes > control_message_bytes && !nics_.empty()) {
    // A payload: it leaves once the sender's NIC has sent it and what was queued before,
    // and arrives no sooner than the receiver's NIC can take it in.
    auto [sent, in] = through_nics(source, target, now, bytes);
    departure = sent;
    received = in + link.latency_min + extra;
  }
  if (link.bandwidth > 0 || link.fifo) {
    // A split run's groups route at once; each link's queue is only its source's.
    std::lock_guard<std::mutex> guard{link_busy_lock_};
    auto& busy = link_busy_until_[link_key(source, target)];
    if (link.bandwidth > 0) {
      departure = std::max(departure, busy) +
                  duration{static_cast<std::int64_t>(bytes) * 1'000'000'000 / link.bandwidth};
      busy = departure;
    }
    auto arrival = std::max(departure + link.latency_min + duration{jitter} + extra, received);
    if (link.fifo) {
      arrival = std::max(arrival, busy);
      busy = arrival;
    }
    return arrival;
  }
  return std::max(departure + link.latency_min + duration{jitter} + extra, received);
}

route_decision network::route(node_id source, node_id target, time_point now,
                              std::size_t bytes, rng& random) {
  route_decision decision;
  const auto& link = profile(source, target);
  double loss = link.loss;
  double duplicate = link.duplicate;
  duration extra{0};
  for (auto& [order, f] : active_) {
    if (!applies(f, source, target))
      continue;
    switch (f.spec.kind) {
      case fault_kind::partition:
        decision.result = route_result::drop_partition;
        return decision;
      case fault_kind::loss:
        loss = std::max(loss, f.spec.probability);
        break;
      case fault_kind::duplicate:
        duplicate = std::max(duplicate, f.spec.probability);
        break;
      case fault_kind::latency:
        extra += f.spec.extra;
        break;
      default:
        break;
    }
  }
  if (loss > 0 && random.chance(loss)) {
    if (link.retransmit_after.count() == 0) {
      decision.result = route_result::drop_loss;
      return decision;
    }
    // Each loss costs a retransmission timeout, doubling; too many in a row and the
    // stream gives up on the message.
    auto timeout = link.retransmit_after;
    int losses = 1;
    do {
      if (losses > link.max_retransmits) {
        decision.result = route_result::drop_loss;
        return decision;
      }
      extra += timeout;
      timeout = std::min(timeout * 2, max_model_delay);
      ++losses;
    } while (random.chance(loss));
  }
  decision.arrival = delivery_time(source, target, link, now, bytes, extra, random);
  if (duplicate > 0 && random.chance(duplicate)) {
    decision.duplicated = true;
    decision.duplicate_arrival = delivery_time(source, target, link, now, bytes, extra, random);
  }
  return decision;
}

bool network::ideal() const {
  return links_.empty() && active_.empty() && nics_.empty() && defaults_.latency_min.count() == 0 &&
         defaults_.latency_jitter_mean.count() == 0 && defaults_.bandwidth == 0 &&
         defaults_.loss == 0 && defaults_.duplicate == 0;
}

double network::slowdown(node_id node) const {
  double factor = 1;
  for (auto& [order, f] : active_)
    if (f.spec.kind == fault_kind::slow && node < f.source_side.size() && f.source_side[node])
      factor *= f.spec.factor;
  // Overlapping slowdowns multiply, up to what one fault may give.
  return std::min(factor, max_slowdown);
}

double network::memory_share(node_id node) const {
  double share = 1;
  for (auto& [order, f] : active_)
    if (f.spec.kind == fault_kind::memory && node < f.source_side.size() && f.source_side[node])
      share = std::min(share, f.spec.factor / 100);
  return share;
}

time_point network::local_time(node_id node, time_point now) const {
  if (node >= clocks_.size())
    return now; // no clock of its own (the common case: no node has one)
  const auto& clock = clocks_[node];
  if (clock.skew.count() == 0 && clock.drift_ppm == 0)
    return now;
  return now + clock.skew + duration{now.count() / 1'000'000 * clock.drift_ppm};
}

} // namespace detsim::sim
