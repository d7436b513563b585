// actors/swarm_resource.cpp: lease granting, updates and durable state.
#include "actors/swarm_resource.hpp"

#include <cstdio>

namespace swarm {

namespace {

constexpr const char* state_key = "state";

std::uint64_t fold(std::uint64_t checksum, std::uint64_t value) {
  return (checksum ^ value) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
}

} // namespace

swarm_resource::swarm_resource(caf::actor_config& cfg, actors::world& w, sim::node_id node,
                               std::uint32_t index, resource_options options,
                               lease_checker* checker)
  : actors::node_actor(cfg, w, node), index_(index), options_(options), checker_(checker) {
  if (options_.persist)
    load();
}

void swarm_resource::save() {
  if (!options_.persist)
    return;
  char buffer[160];
  std::snprintf(buffer, sizeof(buffer), "%u %llu %llu %lld %llu %llu", holder_,
                static_cast<unsigned long long>(lease_),
                static_cast<unsigned long long>(next_lease_),
                static_cast<long long>(expiry_.count()),
                static_cast<unsigned long long>(version_),
                static_cast<unsigned long long>(checksum_));
  store().put(state_key, buffer);
  store().sync();
}

void swarm_resource::load() {
  auto text = store().get(state_key);
  if (!text)
    return;
  unsigned long long lease = 0, next = 0, version = 0, checksum = 0;
  long long expiry = 0;
  std::sscanf(text->c_str(), "%u %llu %llu %lld %llu %llu", &holder_, &lease, &next, &expiry,
              &version, &checksum);
  lease_ = lease;
  next_lease_ = next;
  expiry_ = sim::time_point{expiry};
  version_ = version;
  checksum_ = checksum;
}

bool read_durable_version(const sim::durable_store& store, std::uint64_t& version,
                          std::uint64_t& checksum) {
  auto text = store.get(state_key);
  if (!text)
    return false;
  unsigned holder = 0;
  unsigned long long lease = 0, next = 0, v = 0, c = 0;
  long long expiry = 0;
  std::sscanf(text->c_str(), "%u %llu %llu %lld %llu %llu", &holder, &lease, &next, &expiry,
              &v, &c);
  version = v;
  checksum = c;
  return true;
}

lease_reply swarm_resource::on_acquire(const acquire& request) {
  auto t = now();
  bool held = lease_ != 0 && t < expiry_;
  if (held && options_.lease_check)
    return {false, 0, 0};
  lease_ = next_lease_++;
  holder_ = request.agent;
  expiry_ = t + options_.lease_duration;
  save();
  checker_->on_grant(index_, holder_, lease_, t, expiry_);
  return {true, lease_, options_.lease_duration.count()};
}

update_reply swarm_resource::on_update(const update& request) {
  if (request.lease != lease_ || now() >= expiry_)
    return {false, version_, checksum_};
  ++version_;
  checksum_ = fold(checksum_, request.value);
  save();
  return {true, version_, checksum_};
}

void swarm_resource::on_release(const release& request) {
  if (request.lease != lease_)
    return;
  lease_ = 0;
  save();
  checker_->on_release(index_, request.lease, now());
}

caf::behavior swarm_resource::make_behavior() {
  return {
    [this](const acquire& request) { return on_acquire(request); },
    [this](const update& request) { return on_update(request); },
    [this](const release& request) { on_release(request); },
  };
}

} // namespace swarm
