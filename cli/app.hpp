// cli/app.hpp: detsim's command line as a library call, so a user's own program gets
// list, run, replay and campaign for its own scenarios by building a registry and calling main.
#pragma once

#include "detsim/runtime/registry.hpp"

namespace detsim::cli {

/// Runs the detsim command line over `registry`; returns the process exit code.
int main(int argc, char** argv, const runtime::registry& registry);

int list_command(const std::string& program, const runtime::registry& registry,
                 const std::vector<std::string>& args);
int run_command(const std::string& program, const runtime::registry& registry,
                const std::vector<std::string>& args);
int campaign_command(const std::string& program, const runtime::registry& registry,
                     const std::vector<std::string>& args);
int replay_command(const std::string& program, const runtime::registry& registry,
                   const std::vector<std::string>& args);
int sweep_command(const std::string& program, const runtime::registry& registry,
                  const std::vector<std::string>& args);

} // namespace detsim::cli
