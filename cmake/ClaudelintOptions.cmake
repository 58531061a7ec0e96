# One place that applies warnings and sanitizers to *our* targets only.
add_library(claudelint_warnings INTERFACE)
target_compile_options(claudelint_warnings INTERFACE
  -Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor -Wpedantic)

if(CLAUDELINT_SANITIZE)
  set(CLAUDELINT_SANITIZER_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer
                                 -fno-sanitize-recover=undefined)
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
