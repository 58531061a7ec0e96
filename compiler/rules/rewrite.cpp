#include "rules/rewrite.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "model/scalar_text.h"
#include "rules/version.h"

namespace claudelint::rules {

using model::Quoting;
using nlohmann::json;

namespace {

/// True when `written` is `value` as it reads, with nothing escaped, folded
/// or aliased: the body of a string, the digits of a number, a boolean word.
bool spells(const model::WrittenScalar& written, const json& value) {
  if (value.is_string()) return written.body == value.get_ref<const std::string&>();
  if (written.quoting != Quoting::plain) return false;
  if (value.is_number()) {
    const json parsed = json::parse(written.body, nullptr, false);
    return !parsed.is_discarded() && parsed.is_number() && parsed == value;
  }
  if (value.is_boolean()) {
    std::string lower(written.body);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower == (value.get<bool>() ? "true" : "false");
  }
  return false;
}

/// The edit turning the string written at `range` into `after` by writing
/// `piece` over bytes [from, to) of its body, when that keeps it valid as
/// written; otherwise the whole scalar again, in double quotes.
model::Edit string_edit(const model::Range& range, const model::WrittenScalar& written, std::size_t from,
                        std::size_t to, const std::string& piece, const std::string& after) {
  bool inside = false;
  switch (written.quoting) {
  case Quoting::double_quoted:
    inside = model::write_string(Quoting::double_quoted, piece) == "\"" + piece + "\""; // nothing to escape
    break;
  case Quoting::single_quoted:
    inside = model::write_string(Quoting::single_quoted, piece).has_value();
    break;
  case Quoting::plain:
    inside = model::plain_string(after);
    break;
  }
  if (inside)
    return {{range.file, range.begin + written.body_offset + from, range.begin + written.body_offset + to}, piece};
  return {range, *model::write_string(Quoting::double_quoted, after)};
}

Rewritten make(std::string title, model::Edit edit, json value) {
  return {model::Fix{std::move(title), model::Applicability::unsafe, {std::move(edit)}}, std::move(value)};
}

} // namespace

std::optional<Rewritten> rewrite(const Rewrite& rewrite, const json& value, std::string_view text,
                                 const model::Range& range) {
  if (range.end <= range.begin || range.end > text.size()) return std::nullopt;
  const auto written = model::read_scalar(text.substr(range.begin, range.end - range.begin));
  if (!spells(written, value)) return std::nullopt;
  const json& argument = rewrite.argument;

  if (rewrite.kind == "set") {
    if (value == argument) return std::nullopt;
    if (argument.is_boolean()) return make(fmt::format("set it to {}", argument.dump()), {range, argument.dump()}, argument);
    if (!argument.is_string()) return std::nullopt;
    const std::string& word = argument.get_ref<const std::string&>();
    // A number or boolean written plain: the string needs its quotes.
    const Quoting quoting = written.quoting == Quoting::plain && !value.is_string() ? Quoting::double_quoted : written.quoting;
    auto replacement = model::write_string(quoting, word);
    if (!replacement) replacement = model::write_string(Quoting::double_quoted, word);
    return make(fmt::format("set it to {}", argument.dump()), {range, std::move(*replacement)}, argument);
  }

  if (rewrite.kind == "set_version") {
    const std::string target = argument.get<std::string>();
    if (version_parts(value).empty() || version_parts(target).empty()) return std::nullopt;
    if (value.is_number()) {
      // A number stays a number: 1.1 becomes 1.2.
      const json number = json::parse(target, nullptr, false);
      if (number.is_discarded() || !number.is_number() || number == value) return std::nullopt;
      return make(fmt::format("set it to {}", target), {range, target}, number);
    }
    // A version string is its prefix (TLSv, v or nothing) and the version
    // number up to its end (version_parts); only the number changes.
    const std::string& old = value.get_ref<const std::string&>();
    const std::size_t digits = old.find_first_of("0123456789");
    const std::string after = old.substr(0, digits) + target;
    if (after == old) return std::nullopt;
    return make(fmt::format("set it to {}", json(after).dump()), string_edit(range, written, digits, old.size(), target, after),
                after);
  }

  if (rewrite.kind == "replace_prefix") {
    const std::string from = argument.at("from").get<std::string>(), to = argument.at("to").get<std::string>();
    if (!value.is_string() || !value.get_ref<const std::string&>().starts_with(from) || from == to) return std::nullopt;
    const std::string after = to + value.get<std::string>().substr(from.size());
    const std::string title = from.empty() ? fmt::format("insert {} at the start", json(to).dump())
                                           : fmt::format("replace {} with {}", json(from).dump(), json(to).dump());
    return make(title, string_edit(range, written, 0, from.size(), to, after), after);
  }
  return std::nullopt;
}

std::string describe(const Rewrite& rewrite) {
  const json& argument = rewrite.argument;
  if (rewrite.kind == "set") return fmt::format("sets the value to {}", argument.dump());
  if (rewrite.kind == "set_version")
    return fmt::format("sets the version number to {}, keeping the rest as written (\"TLSv1.1\" becomes \"TLSv{}\", a "
                       "number stays a number)",
                       argument.get<std::string>(), argument.get<std::string>());
  if (rewrite.kind == "replace_prefix")
    return fmt::format("replaces the leading {} with {}", json(argument.value("from", "")).dump(),
                       json(argument.value("to", "")).dump());
  return rewrite.kind;
}

} // namespace claudelint::rules
