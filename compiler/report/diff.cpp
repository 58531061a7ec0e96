#include "report/diff.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "model/document.h"

namespace claudelint::report {

namespace {

using compile::Change;
using compile::ChangeKind;
using nlohmann::json;
using nlohmann::ordered_json;

constexpr std::string_view redacted_text = "<redacted>";
constexpr std::size_t max_value_chars = 80;

/// A value as it may be shown: whole, or redacted as a whole.
struct Shown {
  bool redacted = false;
  json value;
};

struct ShownChange {
  std::optional<Shown> before, after;
};

bool is_sensitive(const DiffRenderOptions& options, const std::string& pointer) {
  return options.sensitive && options.sensitive(pointer);
}

/// True when `pointer` or any of its ancestors is sensitive: a secret object
/// keeps everything in it secret.
bool is_covered(const DiffRenderOptions& options, const std::string& pointer) {
  if (!options.sensitive) return false;
  for (std::size_t slash = 0; slash != std::string::npos; slash = pointer.find('/', slash + 1))
    if (options.sensitive(pointer.substr(0, slash))) return true;
  return options.sensitive(pointer);
}

std::vector<std::string_view> split_pointer(std::string_view pointer) {
  std::vector<std::string_view> tokens;
  if (pointer.empty()) return tokens;
  std::size_t begin = 1;
  while (true) {
    const std::size_t slash = pointer.find('/', begin);
    tokens.push_back(pointer.substr(begin, slash == std::string_view::npos ? slash : slash - begin));
    if (slash == std::string_view::npos) return tokens;
    begin = slash + 1;
  }
}

/// The label with sensitive identity values (`[key=sk-…]`, when the item's
/// `key` member is sensitive) replaced by `<redacted>`. Label and pointers
/// have one token per level, so they are walked side by side.
std::string shown_label(const Change& change, const DiffRenderOptions& options) {
  if (!options.sensitive || change.label.find('[') == std::string::npos) return change.label;
  const auto label = split_pointer(change.label);
  const auto after = split_pointer(change.pointer);
  const auto before = split_pointer(change.before_pointer);
  const bool has_before = !change.before_pointer.empty();
  if (label.size() != after.size() || (has_before && label.size() != before.size())) return change.label;
  std::string out, after_prefix, before_prefix;
  for (std::size_t i = 0; i < label.size(); ++i) {
    // The tokens are escaped already: join them as they are.
    (after_prefix += '/') += after[i];
    if (has_before) (before_prefix += '/') += before[i];
    std::string_view token = label[i];
    const std::size_t eq = token.find('=');
    std::string replaced;
    if (token.size() > 2 && token.front() == '[' && token.back() == ']' && eq != std::string_view::npos) {
      const std::string member = "/" + std::string(token.substr(1, eq - 1));
      if (is_sensitive(options, after_prefix + member) ||
          (has_before && is_sensitive(options, before_prefix + member))) {
        replaced = fmt::format("{}{}]", token.substr(0, eq + 1), redacted_text);
        token = replaced;
      }
    }
    out += '/';
    out += token;
  }
  return out;
}

/// `value` with every sensitive value inside it replaced by "<redacted>".
json redact_inside(const json& value, const std::string& pointer, const DiffRenderOptions& options) {
  if (is_sensitive(options, pointer)) return std::string(redacted_text);
  if (!options.sensitive || !value.is_structured()) return value;
  json out = value.is_object() ? json::object() : json::array();
  if (value.is_object()) {
    for (const auto& [key, child] : value.items())
      out[key] = redact_inside(child, model::append_pointer(pointer, key), options);
  } else {
    for (std::size_t i = 0; i < value.size(); ++i)
      out.push_back(redact_inside(value[i], model::append_pointer(pointer, i), options));
  }
  return out;
}

ShownChange shown(const Change& change, const DiffRenderOptions& options) {
  // Either side being secret hides both: the other side would tell what changed.
  const bool whole = (change.before && is_covered(options, change.before_pointer)) ||
                     (change.after && is_covered(options, change.pointer));
  ShownChange out;
  if (change.before)
    out.before =
        whole ? Shown{true, nullptr} : Shown{false, redact_inside(*change.before, change.before_pointer, options)};
  if (change.after)
    out.after = whole ? Shown{true, nullptr} : Shown{false, redact_inside(*change.after, change.pointer, options)};
  return out;
}

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

/// Compact JSON, cut to `max_value_chars` code points with an ellipsis.
std::string compact(const Shown& shown_value) {
  if (shown_value.redacted) return std::string(redacted_text);
  std::string text = dump(shown_value.value);
  std::size_t chars = 0, cut = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (chars == max_value_chars - 1) cut = i;
    if (++chars > max_value_chars) {
      text.resize(cut);
      text += "\u2026";
      break;
    }
  }
  return text;
}

/// Labels hold raw key text; control characters would reach the terminal.
std::string printable(std::string_view label) {
  if (label.empty()) return "(root)";
  std::string out;
  for (const char c : label) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F)
      out += fmt::format("\\u{:04x}", u);
    else
      out += c;
  }
  return out;
}

const char* symbol(ChangeKind kind) {
  switch (kind) {
  case ChangeKind::added: return "+";
  case ChangeKind::removed: return "-";
  case ChangeKind::changed: return "~";
  case ChangeKind::type_changed: return "!";
  }
  return "~";
}

struct Counts {
  std::size_t added = 0, removed = 0, changed = 0, type_changed = 0;
};

Counts count(const std::vector<Change>& changes) {
  Counts c;
  for (const auto& change : changes) {
    switch (change.kind) {
    case ChangeKind::added: ++c.added; break;
    case ChangeKind::removed: ++c.removed; break;
    case ChangeKind::changed: ++c.changed; break;
    case ChangeKind::type_changed: ++c.type_changed; break;
    }
  }
  return c;
}

/// "3 changes between a and b (1 added, …)" or "a and b are identical".
std::string summary(const std::vector<Change>& changes, std::string_view before, std::string_view after) {
  if (changes.empty()) return fmt::format("{} and {} are identical", before, after);
  const Counts c = count(changes);
  return fmt::format("{} change{} between {} and {} ({} added, {} removed, {} changed, {} type changed)",
                     changes.size(), changes.size() == 1 ? "" : "s", before, after, c.added, c.removed, c.changed,
                     c.type_changed);
}

std::optional<std::string> location_of(const DiffRenderOptions& options, bool after_side, const std::string& pointer) {
  if (!options.location) return std::nullopt;
  return options.location(after_side, pointer);
}

/// Backslash-escapes the ASCII punctuation markdown would interpret in text.
std::string markdown_text(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (std::string_view("\\`*_[]<>|#!~()").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

/// A code span inside a GFM table cell: a backtick fence longer than any run
/// of backticks in the content, padded with a space when the content starts
/// or ends with a backtick (or with spaces on both ends, which CommonMark
/// would strip), and `|` escaped, which GFM requires even inside code spans.
std::string code_span(std::string_view content) {
  std::string text;
  std::size_t longest = 0, run = 0;
  for (const char c : content) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
    if (c == '|')
      text += "\\|";
    else if (c == '\n' || c == '\r')
      text += ' ';
    else
      text += c;
  }
  if (text.empty()) return "_(empty)_";
  const bool all_spaces = text.find_first_not_of(' ') == std::string::npos;
  const bool pad =
      text.front() == '`' || text.back() == '`' || (!all_spaces && text.front() == ' ' && text.back() == ' ');
  const std::string fence(longest + 1, '`');
  return pad ? fence + " " + text + " " + fence : fence + text + fence;
}

std::string markdown_value(const std::optional<Shown>& value, const std::optional<json>& original, bool with_type) {
  if (!value) return "_(absent)_";
  std::string cell = code_span(compact(*value));
  if (with_type && original) cell += fmt::format(" ({})", original->type_name());
  return cell;
}

} // namespace

std::string render_diff_text(const std::vector<Change>& changes, const DiffSide& before, const DiffSide& after,
                             const DiffRenderOptions& options) {
  std::string out;
  for (const auto& change : changes) {
    const ShownChange values = shown(change, options);
    std::string_view color, reset;
    if (options.color) {
      reset = "\x1b[0m";
      switch (change.kind) {
      case ChangeKind::added: color = "\x1b[32m"; break;
      case ChangeKind::removed: color = "\x1b[31m"; break;
      case ChangeKind::changed: color = "\x1b[33m"; break;
      case ChangeKind::type_changed: color = "\x1b[35m"; break;
      }
    }
    std::string detail;
    switch (change.kind) {
    case ChangeKind::added: detail = compact(*values.after); break;
    case ChangeKind::removed: detail = compact(*values.before); break;
    case ChangeKind::changed:
      detail = fmt::format("{} \u2192 {}", compact(*values.before), compact(*values.after));
      break;
    case ChangeKind::type_changed:
      detail = fmt::format("type changed: {} {} \u2192 {} {}", change.before->type_name(), compact(*values.before),
                           change.after->type_name(), compact(*values.after));
      break;
    }
    out += fmt::format("{}{} {}  {}{}\n", color, symbol(change.kind), printable(shown_label(change, options)), detail,
                       reset);
    if (change.before)
      if (auto where = location_of(options, false, change.before_pointer))
        out += fmt::format("    {}: {}\n", before.name, *where);
    if (change.after)
      if (auto where = location_of(options, true, change.pointer))
        out += fmt::format("    {}: {}\n", after.name, *where);
  }
  if (!changes.empty()) out += '\n';
  out += summary(changes, before.name, after.name);
  out += '\n';
  return out;
}

std::string render_diff_json(const std::vector<Change>& changes, const DiffSide& before, const DiffSide& after,
                             const DiffRenderOptions& options) {
  ordered_json list = ordered_json::array();
  for (const auto& change : changes) {
    const ShownChange values = shown(change, options);
    ordered_json item;
    item["kind"] = compile::to_string(change.kind);
    item["pointer"] = change.pointer;
    item["before_pointer"] = change.before_pointer;
    item["label"] = shown_label(change, options);
    if (values.before)
      item["before"] = values.before->redacted ? ordered_json(redacted_text) : ordered_json(values.before->value);
    if (values.after)
      item["after"] = values.after->redacted ? ordered_json(redacted_text) : ordered_json(values.after->value);
    if (change.before)
      if (auto where = location_of(options, false, change.before_pointer)) item["before_location"] = *where;
    if (change.after)
      if (auto where = location_of(options, true, change.pointer)) item["after_location"] = *where;
    list.push_back(std::move(item));
  }
  ordered_json root;
  root["version"] = 1;
  root["before"] = before.name;
  root["after"] = after.name;
  root["changes"] = std::move(list);
  return root.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string render_diff_markdown(const std::vector<Change>& changes, const DiffSide& before, const DiffSide& after,
                                 const DiffRenderOptions& options) {
  const std::string b = markdown_text(before.name), a = markdown_text(after.name);
  std::string out = fmt::format("### {} \u2192 {}\n\n", b, a);
  if (changes.empty()) return out + "No differences.\n";
  out += summary(changes, b, a) + ".\n\n";
  out += fmt::format("| | path | {} | {} |\n|---|---|---|---|\n", b, a);
  for (const auto& change : changes) {
    const ShownChange values = shown(change, options);
    const bool with_type = change.kind == ChangeKind::type_changed;
    out += fmt::format(
        "| {} | {} | {} | {} |\n", symbol(change.kind), code_span(printable(shown_label(change, options))),
        markdown_value(values.before, change.before, with_type), markdown_value(values.after, change.after, with_type));
  }
  return out;
}

} // namespace claudelint::report
