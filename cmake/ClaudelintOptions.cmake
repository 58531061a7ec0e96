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
