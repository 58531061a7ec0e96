// The files that hold keys: `.env` files with at least one real value (not
// a template, and not only placeholders or references, which protect nothing
// and which git could not keep at 0600 anyway) and key material (`*.pem`,
// `id_rsa` …). `secret-file-mode`: nobody but the owner (and, when
// the manifest allows 0640, the owner's group) may read them, as the guide's
// `chmod 600 ~/.claude/.env` says. `tracked-secret-file`: git must not track
// them, or every clone carries the keys. `config-file-writable`: no config
// may be changed by the group or by anyone.
#include <fmt/format.h>

#include "compile/conventions.h"
#include "rules/native/registry.h"
#include "secrets/detector.h"

namespace claudelint::rules::native {

namespace {

/// A file whose content is secret: key material, or a .env file with at
/// least one real value (not a template, placeholder or reference).
bool holds_real_secrets(const FileContext& context) {
  if (context.kind == source::FileKind::key) return true;
  if (context.kind != source::FileKind::dotenv || compile::is_template_file(context.source.path())) return false;
  for (const auto& document : context.documents) {
    if (!document.value.is_object()) continue;
    for (auto it = document.value.begin(); it != document.value.end(); ++it) {
      if (!it.value().is_string()) continue;
      const std::string& text = it.value().get_ref<const std::string&>();
      if (!text.empty() && !secrets::looks_like_placeholder(text) && text.find("${") == std::string::npos) return true;
    }
  }
  return false;
}

} // namespace

void check_secret_file_mode(const FileContext& context, std::vector<FileFinding>& out) {
  if (!context.mode || !holds_real_secrets(context)) return;
  const unsigned allowed = context.policy.key_file_mode;
  const unsigned mode = *context.mode & 0777;
  if ((mode & 077 & ~allowed) == 0) return;
  FileFinding finding;
  finding.range = {0, 0};
  // Keep the owner's bits and what the policy lets the group keep.
  const unsigned fixed = (mode & 0700) | (mode & allowed & 070);
  finding.fields["actual"] = octal_mode(mode);
  finding.fields["expected"] = octal_mode(allowed);
  finding.fields["chmod"] = fmt::format("chmod {:o} {}", fixed & 0700 ? fixed : 0600, shell_quoted(context.source.path()));
  finding.help = fmt::format("run `{}`", finding.fields["chmod"]);
  out.push_back(std::move(finding));
}

void check_config_file_writable(const FileContext& context, std::vector<FileFinding>& out) {
  if (!context.mode || holds_real_secrets(context)) return;
  const unsigned mode = *context.mode & 0777;
  if ((mode & 022) == 0) return;
  FileFinding finding;
  finding.range = {0, 0};
  finding.fields["actual"] = octal_mode(mode);
  finding.fields["who"] = (mode & 002) ? "anyone on the machine" : "the file's group";
  finding.fields["chmod"] = fmt::format("chmod go-w {}", shell_quoted(context.source.path()));
  finding.help = fmt::format("run `{}` (the guide sets 644 on config.json)", finding.fields["chmod"]);
  out.push_back(std::move(finding));
}

void check_tracked_secret_file(const FileContext& context, std::vector<FileFinding>& out) {
  if (!context.disk_path || !holds_real_secrets(context)) return;
  const std::optional<bool> tracked = context.tracked(*context.disk_path);
  if (tracked && !*tracked) return;
  FileFinding finding;
  finding.range = {0, 0};
  finding.fields["what"] = context.kind == source::FileKind::key ? "key material" : "real secret values";
  finding.fields["git_rm"] = fmt::format("git rm --cached {}", shell_quoted(context.source.path()));
  if (!tracked) {
    finding.severity = model::Severity::info;
    finding.message = "not checked whether git tracks this file: git is not installed";
    finding.help = "install git to have claudelint check that no key file is committed";
  } else {
    finding.help = fmt::format("run `{}`, add the file to .gitignore, and rotate its keys: they are in the history",
                               finding.fields["git_rm"]);
  }
  out.push_back(std::move(finding));
}

} // namespace claudelint::rules::native
