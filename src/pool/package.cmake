# src/pool/package.cmake - installs the CMake package of libpqpool: find_package(pqpool CONFIG) gives pqpool::pqpool (shared) and pqpool::pqpool_static.
include(CMakePackageConfigHelpers)
set(PQPOOL_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/pqpool)

# The config re-creates the imported targets the exported ones link to, read from the targets
# themselves, so a dependency added or dropped in CMakeLists.txt needs no edit here.
set(PQPOOL_CONFIG_DEPS "")
set(_pqpool_links "")
foreach(t pqpool pqpool_static)
  get_target_property(_l ${t} INTERFACE_LINK_LIBRARIES)
  if(_l)
    list(APPEND _pqpool_links ${_l})
  endif()
endforeach()
if("PostgreSQL::PostgreSQL" IN_LIST _pqpool_links)
  string(APPEND PQPOOL_CONFIG_DEPS "find_dependency(PostgreSQL)\n")
endif()
if("Threads::Threads" IN_LIST _pqpool_links)
  string(APPEND PQPOOL_CONFIG_DEPS "find_dependency(Threads)\n")
endif()
foreach(pc CJSON PCRE2)
  if("PkgConfig::${pc}" IN_LIST _pqpool_links)
    string(APPEND PQPOOL_CONFIG_DEPS "find_dependency(PkgConfig)\n"
           "if(NOT TARGET PkgConfig::${pc})\n"
           "  pkg_check_modules(${pc} REQUIRED QUIET IMPORTED_TARGET ${${pc}_MODULE_NAME})\n"
           "endif()\n")
  endif()
endforeach()

configure_package_config_file(${CMAKE_CURRENT_SOURCE_DIR}/pqpoolConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/pqpoolConfig.cmake INSTALL_DESTINATION ${PQPOOL_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/pqpoolConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(EXPORT pqpoolTargets NAMESPACE pqpool:: DESTINATION ${PQPOOL_CMAKE_DIR})
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/pqpoolConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/pqpoolConfigVersion.cmake
        DESTINATION ${PQPOOL_CMAKE_DIR})
