// actors/paxos/acceptor.cpp: the acceptor's two rules and its durable state.
#include "detsim/actors/paxos/acceptor.hpp"

#include <cstdio>
#include <string>

namespace detsim::actors::paxos {

namespace {

std::string key_of(std::uint64_t chunk) {
  return "chunk/" + std::to_string(chunk);
}

} // namespace

acceptor::acceptor(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                   acceptor_options options)
  : runtime::node_actor(cfg, w, node), rules_(options) {}

chunk_state acceptor_rules::stored(const sim::durable_store& store, std::uint64_t chunk) {
  chunk_state s;
  if (auto text = store.get(key_of(chunk))) {
    unsigned long long promised = 0, ballot = 0, value = 0;
    std::sscanf(text->c_str(), "%llu %llu %llu", &promised, &ballot, &value);
    s = {promised, ballot, value};
  }
  return s;
}

chunk_state& acceptor_rules::state(const sim::durable_store& store, std::uint64_t chunk) {
  auto i = chunks_.find(chunk);
  if (i != chunks_.end())
    return i->second;
  // After a restart the durable copy is the truth; a broken acceptor starts from nothing.
  auto loaded = options_.persist ? stored(store, chunk) : chunk_state{};
  return chunks_.emplace(chunk, loaded).first->second;
}

void acceptor_rules::persist(sim::durable_store& store, std::uint64_t chunk) {
  if (!options_.persist)
    return;
  auto& s = chunks_.at(chunk);
  char buffer[96];
  std::snprintf(buffer, sizeof(buffer), "%llu %llu %llu",
                static_cast<unsigned long long>(s.promised),
                static_cast<unsigned long long>(s.accepted_ballot),
                static_cast<unsigned long long>(s.accepted_value));
  store.put(key_of(chunk), buffer);
  store.sync();
}

promise acceptor_rules::on_prepare(sim::durable_store& store, const prepare& request) {
  auto& s = state(store, request.chunk);
  if (request.ballot <= s.promised)
    return {false, s.promised, s.accepted_ballot, s.accepted_value};
  s.promised = request.ballot;
  persist(store, request.chunk);
  return {true, s.promised, s.accepted_ballot, s.accepted_value};
}

accepted acceptor_rules::on_accept(sim::durable_store& store, const accept& request) {
  auto& s = state(store, request.chunk);
  if (request.ballot < s.promised)
    return {false, s.promised};
  s.promised = request.ballot;
  s.accepted_ballot = request.ballot;
  s.accepted_value = request.value;
  persist(store, request.chunk);
  return {true, s.promised};
}

caf::behavior acceptor::make_behavior() {
  return {
    [this](const prepare& request) { return rules_.on_prepare(store(), request); },
    [this](const accept& request) { return rules_.on_accept(store(), request); },
  };
}

} // namespace detsim::actors::paxos
