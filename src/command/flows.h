// Flow commands that transform a stream element by element: `format`,
// `jq` (libjq), `chunk`, `flatten`, `uniq`; and `write`, which stores the
// text of a stream in a file.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "command/stream.h"
#include "core/result.h"

namespace canopy {

// `section`: paths of templates and jq programs are relative to it when the
// line starts with a search ("" otherwise, or for the root).
Result<std::unique_ptr<Stream>> make_format(std::unique_ptr<Stream> in, const std::string& args,
                                            const std::string& section);
Result<std::unique_ptr<Stream>> make_jq(std::unique_ptr<Stream> in, const std::string& args,
                                        const std::string& section);
Result<std::unique_ptr<Stream>> make_chunk(std::unique_ptr<Stream> in, const std::string& args);
std::unique_ptr<Stream> make_flatten(std::unique_ptr<Stream> in);
std::unique_ptr<Stream> make_uniq(std::unique_ptr<Stream> in);

// `write FILE`: writes every string element of `in` as a line of FILE
// (relative to the current directory), then emits one line saying where the
// file is. The file appears whole or not at all.
Result<std::unique_ptr<Stream>> make_write(std::unique_ptr<Stream> in, const std::string& args,
                                           const std::atomic<bool>* cancel);

}  // namespace canopy
