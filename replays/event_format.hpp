// replays/event_format.hpp: events as text lines and JSON lines, with node and type names.
#pragma once

#include "detsim/sim/trace_event.hpp"

#include <functional>
#include <string>

namespace detsim::replays {

using name_lookup = std::function<const std::string&(std::uint32_t)>;

/// "#12 t=1.000250000s step=7 deliver agent-3 -> resource-1 swarm::acquire payload=..."
std::string format_event(std::uint64_t index, const sim::trace_event& event,
                         const name_lookup& node_name, const name_lookup& type_name);

/// Escapes text for a JSON string literal.
std::string json_escape(const std::string& text);

/// One JSON object per line with the same fields.
std::string format_event_json(std::uint64_t index, const sim::trace_event& event,
                              const name_lookup& node_name, const name_lookup& type_name);

/// Names kept by a sink as the engine announces them.
class name_table : public sim::event_sink {
public:
  void on_event(const sim::trace_event&) override {}
  void on_name(bool is_type, std::uint32_t id, const std::string& name) override;
  const std::string& node(std::uint32_t id) const;
  const std::string& type(std::uint32_t id) const;

private:
  std::vector<std::string> nodes_;
  std::vector<std::string> types_;
};

} // namespace detsim::replays
