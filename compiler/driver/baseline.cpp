#include "driver/baseline.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "compile/canonical_json.h"
#include "support/atomic_file.h"
#include "support/error.h"
#include "support/input_log.h"
#include "support/sha256.h"

namespace claudelint::driver {

using nlohmann::json;

std::string BaselineLocation::path_of(const model::SourceFile& file) const {
  const std::filesystem::path written(file.path());
  const std::filesystem::path path = written.is_absolute() ? written : cwd / written;
  return path.lexically_normal().lexically_relative(folder).generic_string();
}

std::string fingerprint(const model::Diagnostic& d, const model::SourceManager& sources, const BaselineLocation& where) {
  const std::string key = fmt::format("{}\n{}\n{}\n{}\n{}", d.rule.code, where.path_of(sources.file(d.range.file)),
                                      d.environment.value_or(""), d.pointer.value_or(""), d.message);
  return support::sha256_hex(key).substr(0, 16);
}

std::set<std::string> read_baseline(const std::filesystem::path& path) {
  const auto read = support::read_input_file(path);
  if (!read.bytes) throw Error(fmt::format("cannot read the baseline {}", path.generic_string()));
  const json document = json::parse(*read.bytes, nullptr, false);
  if (document.is_discarded() || !document.is_object() || document.value("version", 0) != 1 ||
      !document.contains("findings") || !document["findings"].is_array())
    throw Error(fmt::format("{} is not a claudelint baseline (version 1)", path.generic_string()));
  std::set<std::string> out;
  for (const auto& entry : document["findings"])
    if (entry.is_object() && entry.contains("fingerprint") && entry["fingerprint"].is_string())
      out.insert(entry["fingerprint"].get<std::string>());
  return out;
}

void write_baseline(const std::filesystem::path& path, const std::vector<model::Diagnostic>& diagnostics,
                    const model::SourceManager& sources, const BaselineLocation& where) {
  json findings = json::array();
  std::set<std::string> seen;
  for (const auto& d : diagnostics) {
    const std::string print = fingerprint(d, sources, where);
    if (!seen.insert(print).second) continue;
    json entry = {{"fingerprint", print}, {"rule", d.rule.code}, {"file", where.path_of(sources.file(d.range.file))}};
    if (d.environment) entry["environment"] = *d.environment;
    if (d.pointer) entry["pointer"] = *d.pointer;
    findings.push_back(std::move(entry));
  }
  support::remove_abandoned_temporaries(path.has_parent_path() ? path.parent_path() : std::filesystem::path("."));
  support::write_file_atomically(path, compile::canonical_json_pretty({{"version", 1}, {"findings", findings}}));
}

} // namespace claudelint::driver
