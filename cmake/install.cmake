# Installs detsim as a CMake package: find_package(detsim) gives detsim::detsim, the
# whole framework (engine, traces, built-in scenarios and the CLI entry point).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(detsim_libraries detsim_sim detsim_actors detsim_engines detsim_replays
                     detsim_scenarios detsim_cli detsim_all)
install(TARGETS ${detsim_libraries} EXPORT detsimTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/detsim)
install(TARGETS detsim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY sim actors engines replays scenarios cli
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/detsim
        FILES_MATCHING PATTERN "*.hpp")
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
