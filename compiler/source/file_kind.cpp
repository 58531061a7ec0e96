#include "source/file_kind.h"

namespace claudelint::source {

std::string_view to_string(FileKind kind) {
  switch (kind) {
  case FileKind::json: return "json";
  case FileKind::jsonc: return "jsonc";
  case FileKind::yaml: return "yaml";
  case FileKind::dotenv: return "dotenv";
  case FileKind::shell: return "shell";
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
  return FileKind::unknown;
}

} // namespace claudelint::source
