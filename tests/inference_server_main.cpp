// tests/inference_server_main.cpp: the blocking WebSocket test server as a program, to point
// `detsim run inference --engine realtime --param url=...` at by hand:
//   build/tests/detsim-inference-server --port 8765
#include "inference_server.hpp"

#include <boost/program_options.hpp>

#include <cstdio>
#include <exception>
#include <sstream>
#include <stdexcept>

namespace po = boost::program_options;

int main(int argc, char** argv) {
  detsim_test::inference_server_options options;
  po::options_description described{"detsim-inference-server: a WebSocket LLM stand-in whose prefill blocks its one thread"};
  described.add_options()
    ("help,h", "show this help")
    ("port", po::value<unsigned short>()->default_value(8765), "port on 127.0.0.1 (0: any free one)")
    ("prefill-tokens-per-s", po::value(&options.prefill_tokens_per_s)->default_value(options.prefill_tokens_per_s), "prompt tokens read per second")
    ("overhead", po::value(&options.overhead_s)->default_value(options.overhead_s), "seconds of fixed cost per request")
    ("decode-tokens-per-s", po::value(&options.decode_tokens_per_s)->default_value(options.decode_tokens_per_s), "tokens streamed per second")
    ("answer-tokens", po::value(&options.answer_tokens)->default_value(options.answer_tokens), "the model's answer length")
    ("max-context", po::value(&options.max_context)->default_value(options.max_context), "longest prompt in tokens")
    ("path", po::value(&options.path)->default_value(options.path), "the WebSocket endpoint");
  try {
    po::variables_map vm;
    po::store(po::parse_command_line(argc, argv, described), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::printf("%s", (std::ostringstream{} << described).str().c_str());
      return 0;
    }
    if (!(options.prefill_tokens_per_s > 0) || !(options.decode_tokens_per_s > 0) || !(options.overhead_s >= 0))
      throw std::invalid_argument("rates must be positive and the overhead not negative");
    detsim_test::inference_server server{options, vm["port"].as<unsigned short>()};
    std::printf("listening on ws://127.0.0.1:%u%s\n", server.port(), options.path.c_str());
    std::fflush(stdout);
    server.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "detsim-inference-server: %s\n", e.what());
    return 2;
  }
}
