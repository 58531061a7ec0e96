// `literal-secret`: a credential written into a config, script or comment.
// A config refers to a secret (`${CLAUDE_API_TOKEN_PROD}`); the value lives
// in the environment's .env file or a secret store. A .env file that is not
// a template is exactly where values belong, so it is not reported here (its
// mode and whether git tracks it are other rules' business).
#include <fmt/format.h>

#include "compile/conventions.h"
#include "rules/native/registry.h"

namespace claudelint::rules::native {

void check_literal_secret(const FileContext& context, std::vector<FileFinding>& out) {
  if (context.kind == source::FileKind::dotenv && !compile::is_template_file(context.source.path())) return;
  for (const auto& hit : context.secrets) {
    FileFinding finding;
    finding.range = hit.range;
    finding.fields["kind"] = std::string(secrets::describe(hit.kind));
    finding.fields["redacted"] = hit.redacted;
    if (hit.key) finding.fields["where"] = fmt::format("as the value of `{}`", *hit.key);
    else finding.fields["where"] = "in the file's text";
    if (compile::is_template_file(context.source.path()))
      finding.help = "a template is read by everyone: put a placeholder (`sk-prod-...`) here, keep the real key in the "
                     "environment's .env file, and rotate this one";
    out.push_back(std::move(finding));
  }
}

} // namespace claudelint::rules::native
