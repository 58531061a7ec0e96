#include "rules/native/registry.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include <fmt/format.h>

namespace claudelint::rules::native {

const Check* find(std::string_view name) {
  static const std::array<std::pair<std::string_view, Check>, 3> checks = {{
      {"valid-cidr", check_valid_cidr},
      {"timeout-within-critical", check_timeout_within_critical},
      {"placeholder", check_placeholder},
  }};
  for (const auto& [key, check] : checks)
    if (key == name) return &check;
  return nullptr;
}

const FileCheck* find_file_check(std::string_view name) {
  static const std::array<std::pair<std::string_view, FileCheck>, 13> checks = {{
      {"literal-secret", check_literal_secret},
      {"tracked-secret-file", check_tracked_secret_file},
      {"secret-file-mode", check_secret_file_mode},
      {"config-file-writable", check_config_file_writable},
      {"script-strict-mode", check_script_strict_mode},
      {"script-secret-file-mode", check_script_secret_file_mode},
      {"script-config-file-mode", check_script_config_file_mode},
      {"script-world-writable-chmod", check_script_world_writable_chmod},
      {"script-recursive-home-permissions", check_script_recursive_home_permissions},
      {"script-secret-echoed", check_script_secret_echoed},
      {"script-pipe-to-shell", check_script_pipe_to_shell},
      {"script-unsafe-rm", check_script_unsafe_rm},
      {"script-missing-source-file", check_script_missing_source_file},
  }};
  for (const auto& [key, check] : checks)
    if (key == name) return &check;
  return nullptr;
}

const TreeCheck* find_tree_check(std::string_view name) {
  static const std::array<std::pair<std::string_view, TreeCheck>, 1> checks = {{
      {"secret-reused-across-environments", check_secret_reused},
  }};
  for (const auto& [key, check] : checks)
    if (key == name) return &check;
  return nullptr;
}

std::string octal_mode(unsigned mode) { return fmt::format("{:04o}", mode & 07777); }

std::string shell_quoted(std::string_view path) {
  const bool plain = !path.empty() && std::all_of(path.begin(), path.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("/._-+@%=:,").find(c) != std::string_view::npos;
  });
  if (plain) return std::string(path);
  std::string quoted = "'";
  for (const char c : path) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

} // namespace claudelint::rules::native
