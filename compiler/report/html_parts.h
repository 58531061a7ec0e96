#pragma once
// The pieces of the HTML report (html.cpp) shared with its environment
// matrix (html_matrix.cpp). Internal to report/.
#include <cstddef>
#include <string>
#include <string_view>

#include "report/render.h"

namespace claudelint::report::html {

/// `text` made safe for HTML text and quoted attribute values: `& < > " '`
/// become character references, invalid UTF-8 and control characters
/// (other than tab and newline) become U+FFFD.
std::string escape(std::string_view text);

/// The id of the finding at `index` of `RenderInput::diagnostics` ("f12"),
/// which the matrix links to.
std::string finding_anchor(std::size_t index);

/// "error", "warning" or "info": the CSS class suffix of a severity.
std::string_view severity_class(model::Severity severity);

/// The environment matrix section: per tree, every leaf value of the
/// compiled documents, one column per environment in promotion order.
std::string environment_matrix(const RenderInput& input);

} // namespace claudelint::report::html
