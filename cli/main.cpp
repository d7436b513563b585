// cli/main.cpp: the detsim program: the command line over the built-in scenarios.
#include "detsim/cli/app.hpp"
#include "detsim/scenarios/builtin.hpp"

int main(int argc, char** argv) {
  return detsim::cli::main(argc, argv, detsim::scenarios::builtin_registry());
}
