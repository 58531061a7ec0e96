#include "compile/conventions.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <utility>

namespace claudelint::compile {

bool EnvironmentSpec::answers_to(std::string_view candidate) const {
  return candidate == name || std::find(aliases.begin(), aliases.end(), candidate) != aliases.end();
}

const std::vector<EnvironmentSpec>& conventional_environments() {
  // The guide calls staging "测试环境（Testing/Staging）" and gives it the
  // _TEST key, so `test` is one of its names rather than an environment.
  static const std::vector<EnvironmentSpec> environments = {
      {"dev", {"development"}, {"_DEV"}, {}, {}},
      {"staging", {"test", "testing", "stage"}, {"_TEST", "_STAGING"}, {}, {}},
      {"pre-prod", {"preprod", "pre-production", "preproduction"}, {"_PREPROD", "_PRE_PROD"}, {}, {}},
      {"production", {"prod"}, {"_PROD", "_PRODUCTION"}, {}, {}},
      {"ci", {}, {"_CI"}, {}, {}},
  };
  return environments;
}

const EnvironmentSpec* conventional_environment(std::string_view name) {
  for (const auto& spec : conventional_environments())
    if (spec.answers_to(name)) return &spec;
  return nullptr;
}

namespace {

constexpr std::string_view builtin_prefix = "https://claudelint.dev/schemas/config/";

// Built-in schema short name → section of the compiled document.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> schema_sections = {{
    {"client", "config"},
    {"deployment", "deployment"},
    {"monitoring", "monitoring"},
    {"notifications", "notifications"},
    {"rbac", "access"},
    {"dotenv", "secrets"},
}};

} // namespace

std::optional<std::string> section_for_schema(std::string_view schema_id) {
  if (!schema_id.starts_with(builtin_prefix)) return std::nullopt;
  std::string_view name = schema_id.substr(builtin_prefix.size());
  if (!name.ends_with(".schema.json")) return std::nullopt;
  name.remove_suffix(std::string_view(".schema.json").size());
  for (const auto& [schema, section] : schema_sections)
    if (schema == name) return std::string(section);
  return std::nullopt;
}

std::optional<std::string> builtin_schema_id(std::string_view short_name) {
  for (const auto& entry : schema_sections)
    if (entry.first == short_name) return std::string(builtin_prefix) + std::string(short_name) + ".schema.json";
  return std::nullopt;
}

bool is_template_file(std::string_view path) {
  const auto slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  for (const std::string_view marker : {".example", ".sample", ".template", ".dist"})
    if (name.ends_with(marker) || name.find(std::string(marker) + ".") != std::string_view::npos) return true;
  return false;
}

bool is_reserved_section(std::string_view name) { return name == "environment" || name == "files"; }

} // namespace claudelint::compile
