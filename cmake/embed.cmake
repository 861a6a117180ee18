# Turns the file IN into a C++ source OUT defining `std::string_view SYMBOL`.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hex_len)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
math(EXPR size "${hex_len} / 2")
file(WRITE "${OUT}" "#include <string_view>\nnamespace canopy::embedded {\nstatic const char ${SYMBOL}_bytes[] = {${bytes} 0};\nextern const std::string_view ${SYMBOL};\nconst std::string_view ${SYMBOL}(${SYMBOL}_bytes, ${size});\n}\n")
