# sockrpc_add_idl(TARGET <name> IDL <file.sidl> [OUTPUT_DIR <dir>] [HEADER <name.hpp>])
#
# Generates a C++ header from an interface file at build time with sockrpc-idl and makes
# <name> an INTERFACE library that carries it: linking <name> gives the header's directory
# on the include path, sockrpc::rpc, and a build order dependency on the generation.
# The header is <OUTPUT_DIR>/<HEADER>; defaults: ${CMAKE_CURRENT_BINARY_DIR}/<name>
# and "<file.sidl>.hpp" (calc.sidl -> #include "calc.sidl.hpp"). It is regenerated when
# the interface file or the generator changes.
#
# Works in the sockrpc build tree (the sockrpc-idl target) and for consumers of the
# installed package (find_package(sockrpc) imports sockrpc::idl_cli and this function).
include_guard(GLOBAL)

function(sockrpc_add_idl)
  cmake_parse_arguments(ARG "" "TARGET;IDL;OUTPUT_DIR;HEADER" "" ${ARGN})
  if(NOT ARG_TARGET OR NOT ARG_IDL)
    message(FATAL_ERROR "sockrpc_add_idl: TARGET and IDL are required")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "sockrpc_add_idl: unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET sockrpc::idl_cli)
    message(FATAL_ERROR "sockrpc_add_idl: sockrpc::idl_cli (sockrpc-idl) is not available")
  endif()

  get_filename_component(idl_file "${ARG_IDL}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  get_filename_component(idl_name "${ARG_IDL}" NAME)
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR "${CMAKE_CURRENT_BINARY_DIR}/${ARG_TARGET}")
  endif()
  if(NOT ARG_HEADER)
    set(ARG_HEADER "${idl_name}.hpp")
  endif()
  set(header "${ARG_OUTPUT_DIR}/${ARG_HEADER}")

  # In the build tree the generator is an alias of a target built here: depend on the
  # target (so it is built first); an imported one is a file to depend on.
  get_target_property(generator sockrpc::idl_cli ALIASED_TARGET)
  if(NOT generator)
    set(generator "$<TARGET_FILE:sockrpc::idl_cli>")
  endif()

  add_custom_command(
    OUTPUT "${header}"
    COMMAND sockrpc::idl_cli generate "${idl_file}" -o "${header}" --header-name "${ARG_HEADER}"
    DEPENDS "${idl_file}" ${generator}
    COMMENT "Generating ${ARG_HEADER} from ${idl_name}"
    VERBATIM)

  add_library(${ARG_TARGET} INTERFACE "${header}")
  target_include_directories(${ARG_TARGET} INTERFACE "${ARG_OUTPUT_DIR}")
  target_link_libraries(${ARG_TARGET} INTERFACE sockrpc::rpc)
  target_compile_features(${ARG_TARGET} INTERFACE cxx_std_20)
endfunction()
