# Installs detsim as a CMake package. find_package(detsim) gives detsim::detsim (the
# framework: runtime, engine, harness, campaigns, reports, CLI entry point) and
# detsim::scenarios (the built-in systems, only for programs that ask for them).
# Only the public headers are installed, under include/detsim/; engine internals, actors
# and scenarios of the built-in systems stay private (tests/source_rules_test.cpp checks that
# public headers include only public headers).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

file(GLOB detsim_public_headers RELATIVE "${PROJECT_SOURCE_DIR}"
     sim/*.hpp runtime/*.hpp)
list(APPEND detsim_public_headers
     harness/runner.hpp harness/run_report.hpp harness/targets.hpp harness/exit_codes.hpp
     replays/trace_header.hpp cli/app.hpp scenarios/builtin.hpp)
set(DETSIM_PUBLIC_HEADERS ${detsim_public_headers})
foreach(header IN LISTS detsim_public_headers)
  get_filename_component(folder "${header}" DIRECTORY)
  install(FILES "${header}" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/detsim/${folder}")
endforeach()

set(detsim_libraries detsim_sim detsim_runtime detsim_engines detsim_replays
    detsim_actors_swarm detsim_actors_paxos detsim_actors_vstack detsim_actors_ingest
    detsim_actors_exchange detsim_actors_inference detsim_actors_helios detsim_actors_phold
    detsim_scenarios_swarm detsim_scenarios_vstack detsim_scenarios_ingest detsim_scenarios_exchange
    detsim_scenarios_inference detsim_scenarios_helios detsim_scenarios_phold
    detsim_scenarios
    detsim_harness detsim_campaigns detsim_reports detsim_live detsim_cli detsim_framework)
install(TARGETS ${detsim_libraries} EXPORT detsimTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS detsim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT detsimTargets NAMESPACE detsim::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/detsim)
configure_package_config_file(cmake/detsimConfig.cmake.in
  "${CMAKE_CURRENT_BINARY_DIR}/detsimConfig.cmake"
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/detsim)
write_basic_package_version_file("${CMAKE_CURRENT_BINARY_DIR}/detsimConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/detsimConfig.cmake"
              "${CMAKE_CURRENT_BINARY_DIR}/detsimConfigVersion.cmake"
              cmake/FindCAF.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/detsim)
