// Text-level expansion of a query before it is parsed: mustache variables
// rendered from an environment ({{name}}, {{name.ago}}, {{name.from_now}},
// sections {{#name}}…{{/name}} and {{^name}}…{{/name}}), used by command
// lines and by benchmark checks with their parameters.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/result.h"
#include "query/value.h"

namespace canopy::query {

using Environment = std::map<std::string, Value>;

// Renders `text`; a missing variable renders as nothing.
Result<std::string> render_template(std::string_view text, const Environment& env, int64_t now);

// Replaces @UTC@, @NOW@, @TODAY@, @YESTERDAY@, @TOMORROW@, @YEAR@, @MONTH@,
// @DAY@, @TIME@, @HOUR@, @MINUTE@, @SECOND@, @TZ_OFFSET@, @TZ@ and
// @MONDAY@ … @SUNDAY@ (upper or lower case) with the time `now` (UTC).
std::string replace_placeholders(std::string_view text, int64_t now);

}  // namespace canopy::query
