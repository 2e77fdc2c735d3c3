# Per-target build settings: warnings and sanitizers are applied by these helpers,
# never through global flags, so consumers of the installed targets are unaffected.
include_guard(GLOBAL)

# sockrpc_configure_target(<target>): warnings (as errors when SOCKRPC_WERROR) and the
# sanitizer selected by SOCKRPC_SANITIZE ("", "address;undefined", "thread").
function(sockrpc_configure_target target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                                             -Wnon-virtual-dtor -Wimplicit-fallthrough)
    if(SOCKRPC_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
  sockrpc_apply_sanitizers(${target})
endfunction()

# sockrpc_add_library(<target> <export-name> SOURCES ... [PUBLIC libs...] [PRIVATE libs...]):
# one of the installed layers, sockrpc::<export-name>: this folder's include/ holds its public
# headers, C++20, our warnings, in the sockrpcTargets export set. The folder installs its
# include/ tree itself (once, when two targets share it).
function(sockrpc_add_library target export_name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  add_library(${target} ${ARG_SOURCES})
  add_library(sockrpc::${export_name} ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${export_name})
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_link_libraries(${target} PUBLIC ${ARG_PUBLIC} PRIVATE ${ARG_PRIVATE})
  sockrpc_configure_target(${target})
  install(TARGETS ${target} EXPORT sockrpcTargets)
endfunction()

# Sanitizer flags for targets not built from our sources' warning policy (e.g. gtest
# mains are external); every executable and library we build gets the same ones.
function(sockrpc_apply_sanitizers target)
  if(SOCKRPC_SANITIZE)
    string(REPLACE ";" "," _san "${SOCKRPC_SANITIZE}")
    target_compile_options(${target} PRIVATE -fsanitize=${_san} -fno-omit-frame-pointer
                                             -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=${_san})
  endif()
endfunction()

# sockrpc_add_test(<name> SOURCES ... LIBS ...): a GoogleTest executable in build/bin,
# registered with CTest test by test, with the fd-leak check of tests/support.
# With SOCKRPC_UNITY_TESTS the test files are compiled SOCKRPC_UNITY_BATCH at a time (a
# CMake unity build): each file otherwise re-parses GoogleTest (and asio) on its own, which
# is most of a fresh build's CPU time. Names at namespace scope must then be unique per
# executable, anonymous namespaces included.
function(sockrpc_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES UNITY_BUILD ${SOCKRPC_UNITY_TESTS}
                                           UNITY_BUILD_BATCH_SIZE ${SOCKRPC_UNITY_BATCH})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} sockrpc_test_support GTest::gtest)
  sockrpc_configure_target(${name})
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 120)
endfunction()
