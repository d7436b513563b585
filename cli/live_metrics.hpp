// cli/live_metrics.hpp: what `--metrics-port` serves: a run's or a campaign's figures as
// Prometheus text, and the option that starts the server.
#pragma once

#include "detsim/campaigns/campaign_runner.hpp"
#include "detsim/harness/runner.hpp"
#include "detsim/live/metrics_server.hpp"

#include <boost/program_options.hpp>

#include <memory>
#include <string>

namespace detsim::cli {

/// Adds --metrics-port to a command's options.
void add_metrics_port_option(boost::program_options::options_description& options);
/// The server --metrics-port asks for, or none.
std::unique_ptr<live::metrics_server> start_metrics_server(const boost::program_options::variables_map& vm);

std::string run_exposition(const harness::run_spec& spec, const harness::run_sample& sample);
std::string campaign_exposition(const std::string& scenario, const campaigns::campaign_progress& progress);

} // namespace detsim::cli
