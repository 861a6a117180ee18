# Helpers shared by the component CMakeLists.

# canopy_test(NAME SOURCES... LIBS lib... [LABELS label...])
# A GoogleTest executable registered with CTest, one CTest entry per test case.
include(GoogleTest)
function(canopy_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(${name} PRIVATE
    CANOPY_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    CANOPY_BINARY="$<TARGET_FILE:canopy>")
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  gtest_discover_tests(${name} PROPERTIES LABELS "${T_LABELS}" DISCOVERY_TIMEOUT 60)
endfunction()

# canopy_embed(TARGET_VAR SYMBOL FILE): generates a .cc that defines
# `extern const std::string_view SYMBOL` with the file's bytes, so data files
# in the repository travel inside the one binary.
function(canopy_embed out_var symbol file)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/embed_${symbol}.cc")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DIN=${file} -DOUT=${out} -DSYMBOL=${symbol}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    DEPENDS ${file} ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    COMMENT "Embedding ${file}")
  set(${out_var} ${out} PARENT_SCOPE)
endfunction()
