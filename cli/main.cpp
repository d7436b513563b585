// cli/main.cpp: the detsim program: the command line over the built-in scenarios.
#include "cli/app.hpp"

int main(int argc, char** argv) {
  return cli::main(argc, argv, scenarios::builtin_registry());
}
