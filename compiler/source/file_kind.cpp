#include "source/file_kind.h"

namespace claudelint::source {

std::string_view to_string(FileKind kind) {
  switch (kind) {
  case FileKind::json: return "json";
  case FileKind::jsonc: return "jsonc";
  case FileKind::yaml: return "yaml";
  case FileKind::dotenv: return "dotenv";
  case FileKind::shell: return "shell";
  case FileKind::key: return "key";
  case FileKind::unknown: return "unknown";
  }
  return "unknown";
}

FileKind classify(std::string_view path) {
  const auto slash = path.find_last_of('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const auto ends_with = [&](std::string_view suffix) { return name.ends_with(suffix); };
  if (name == ".env" || name.starts_with(".env.") || (ends_with(".env") && name.size() > 4))
    return FileKind::dotenv;
  if (ends_with(".jsonc") || ends_with(".json5")) return FileKind::jsonc;
  if (ends_with(".json")) return FileKind::json;
  if (ends_with(".yaml") || ends_with(".yml")) return FileKind::yaml;
  if (ends_with(".sh") || ends_with(".bash")) return FileKind::shell;
  if (ends_with(".pem") || ends_with(".key") || ends_with(".p12") || ends_with(".pfx") || ends_with(".jks") ||
      ends_with(".keystore") || name.starts_with("id_rsa") || name.starts_with("id_dsa") ||
      name.starts_with("id_ecdsa") || name.starts_with("id_ed25519"))
    return name.ends_with(".pub") ? FileKind::unknown : FileKind::key;
  return FileKind::unknown;
}

bool has_shell_shebang(std::string_view first_bytes) {
  if (!first_bytes.starts_with("#!")) return false;
  std::string_view line = first_bytes.substr(2, first_bytes.find('\n') == std::string_view::npos
                                                   ? std::string_view::npos
                                                   : first_bytes.find('\n') - 2);
  // The interpreter: the path's last component, or env's first argument.
  auto next_word = [&]() {
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    const auto end = line.find_first_of(" \t\r");
    const std::string_view word = line.substr(0, end);
    line.remove_prefix(end == std::string_view::npos ? line.size() : end);
    return word;
  };
  std::string_view program = next_word();
  program = program.substr(program.rfind('/') == std::string_view::npos ? 0 : program.rfind('/') + 1);
  if (program == "env") {
    program = next_word();
    if (program == "-S") program = next_word();
  }
  return program == "sh" || program == "bash" || program == "dash" || program == "ksh" || program == "zsh";
}

} // namespace claudelint::source
