// actors/swarm/resource.cpp: lease granting, updates and durable state.
#include "detsim/actors/swarm/resource.hpp"

#include <charconv>
#include <cstdio>

namespace detsim::actors::swarm {

namespace {

constexpr const char* state_key = "state";

std::uint64_t fold(std::uint64_t checksum, std::uint64_t value) {
  return (checksum ^ value) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
}

} // namespace

std::string resource_state::encode() const {
  // Written on every change, so formatted with to_chars rather than snprintf (same text).
  char buffer[6 * 21];
  char* end = buffer + sizeof(buffer);
  char* out = buffer;
  auto field = [&](auto value, bool first) {
    if (!first && out != end) // the buffer fits every value; the check keeps GCC sure of it
      *out++ = ' ';
    out = std::to_chars(out, end, value).ptr;
  };
  field(holder, true);
  field(lease, false);
  field(next_lease, false);
  field(static_cast<long long>(expiry.count()), false);
  field(version, false);
  field(checksum, false);
  return std::string(buffer, out);
}

bool resource_state::load(const sim::durable_store& store, resource_state& state) {
  auto text = store.get(state_key);
  if (!text)
    return false;
  unsigned long long lease = 0, next = 0, version = 0, checksum = 0;
  long long expiry = 0;
  std::sscanf(text->c_str(), "%u %llu %llu %lld %llu %llu", &state.holder, &lease, &next,
              &expiry, &version, &checksum);
  state.lease = lease;
  state.next_lease = next;
  state.expiry = sim::time_point{expiry};
  state.version = version;
  state.checksum = checksum;
  return true;
}

swarm_resource::swarm_resource(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                               std::uint32_t index, resource_options options,
                               lease_checker* checker, resource_state* live)
  : runtime::node_actor(cfg, w, node), index_(index), options_(options), checker_(checker), live_(live) {
  if (options_.persist)
    resource_state::load(store(), state_);
  *live_ = state_; // what the restarted resource serves, recovered or not
}

void swarm_resource::save() {
  *live_ = state_;
  if (!options_.persist)
    return;
  store().put(state_key, state_.encode());
  store().sync();
}

lease_reply swarm_resource::on_acquire(const acquire& request) {
  auto t = now();
  bool held = state_.lease != 0 && t < state_.expiry;
  if (held && options_.lease_check)
    return {false, 0, 0};
  state_.lease = state_.next_lease++;
  state_.holder = request.agent;
  state_.expiry = t + options_.lease_duration;
  save();
  world_ref().in_run_order([checker = checker_, index = index_, holder = state_.holder,
                            lease = state_.lease, t, expiry = state_.expiry] {
    checker->on_grant(index, holder, lease, t, expiry);
  });
  return {true, state_.lease, options_.lease_duration.count()};
}

update_reply swarm_resource::on_update(const update& request) {
  if (request.lease != state_.lease || now() >= state_.expiry)
    return {false, state_.version, state_.checksum};
  ++state_.version;
  state_.checksum = fold(state_.checksum, request.value);
  save();
  return {true, state_.version, state_.checksum};
}

void swarm_resource::on_release(const release& request) {
  if (request.lease != state_.lease)
    return;
  state_.lease = 0;
  save();
  world_ref().in_run_order([checker = checker_, index = index_, lease = request.lease, at = now()] {
    checker->on_release(index, lease, at);
  });
}

caf::behavior swarm_resource::make_behavior() {
  return {
    [this](const acquire& request) { return on_acquire(request); },
    [this](const update& request) { return on_update(request); },
    [this](const release& request) { on_release(request); },
  };
}

} // namespace detsim::actors::swarm
