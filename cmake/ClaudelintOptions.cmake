# One place that applies warnings and sanitizers to *our* targets only.
add_library(claudelint_warnings INTERFACE)
target_compile_options(claudelint_warnings INTERFACE
  -Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor -Wpedantic)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12)
  # GCC 12+ at -O2/-O3 reports impossible overlaps inside libstdc++'s own
  # std::string copies (GCC bugs 105329, 105651), which breaks Release builds.
  target_compile_options(claudelint_warnings INTERFACE -Wno-restrict)
endif()

if(CLAUDELINT_SANITIZE)
  set(CLAUDELINT_SANITIZER_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer
                                 -fno-sanitize-recover=undefined)
  # Known findings in third-party grammar code, silenced one check and one file
  # at a time (see the list). GCC has no such list, so there the alignment check
  # is off for everything.
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    list(APPEND CLAUDELINT_SANITIZER_FLAGS
         -fsanitize-ignorelist=${CMAKE_CURRENT_LIST_DIR}/sanitizer-ignorelist.txt)
  else()
    list(APPEND CLAUDELINT_SANITIZER_FLAGS -fno-sanitize=alignment)
  endif()
endif()

function(claudelint_target_defaults target)
  target_link_libraries(${target} PRIVATE claudelint_warnings)
  if(CLAUDELINT_SANITIZE)
    target_compile_options(${target} PRIVATE ${CLAUDELINT_SANITIZER_FLAGS})
    target_link_options(${target} PRIVATE ${CLAUDELINT_SANITIZER_FLAGS})
  endif()
  if(CLAUDELINT_FUZZ)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
endfunction()

# Links a program against the core library and the built-in rule values the
# build compiled (compiler/CMakeLists.txt; the rule compiler itself links the
# core alone).
function(claudelint_link_core target)
  target_link_libraries(${target} PRIVATE claudelint_core claudelint_rule_values)
endfunction()

# `name`: an interface library standing for the Debian library `shared` (an
# imported target) or, with CLAUDELINT_STATIC_DEPS, for the static archive
# `archive` that the same -dev package ships. A pre-commit hook starts
# claudelint once per commit, and every shared library costs the dynamic
# loader time at each start (bench/README.md, "This round (30f30ca -> 2462d10)").
function(claudelint_library name shared archive)
  add_library(${name} INTERFACE)
  if(CLAUDELINT_STATIC_DEPS)
    find_library(${name}_ARCHIVE NAMES ${archive} REQUIRED)
    target_include_directories(${name} SYSTEM INTERFACE $<TARGET_PROPERTY:${shared},INTERFACE_INCLUDE_DIRECTORIES>)
    target_compile_definitions(${name} INTERFACE $<TARGET_PROPERTY:${shared},INTERFACE_COMPILE_DEFINITIONS>)
    target_link_libraries(${name} INTERFACE ${${name}_ARCHIVE})
  else()
    target_link_libraries(${name} INTERFACE ${shared})
  endif()
endfunction()
