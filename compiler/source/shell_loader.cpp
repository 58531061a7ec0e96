// Shell scripts: tree-sitter-bash gives the CST; we keep comments (for
// suppressions), report syntax errors, and list every simple command as
// facts for rules (`chmod 777`, `curl -k`, …). Nothing is executed or expanded.
#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "source/loader.h"
#include "source/syntax_rules.h"
#include "source/tree_sitter.h"

namespace claudelint::source {

using model::ByteRange;
using model::Severity;
using nlohmann::json;

namespace {

/// Most syntax errors reported per file; past a few, the rest are noise.
constexpr std::size_t max_errors = 20;

/// Words the grammar may read as plain words where a keyword was expected;
/// they are safe to quote in a message (unlike other words, which may be secrets).
constexpr std::array<std::string_view, 13> reserved_words{"if", "then", "else", "elif", "fi", "for", "while",
                                                          "until", "do", "done", "case", "esac", "in"};

bool is_reserved(std::string_view word) {
  return std::find(reserved_words.begin(), reserved_words.end(), word) != reserved_words.end();
}

class ShellLoader {
public:
  ShellLoader(const LoaderInput& input, LoadResult& out) : in_(input), out_(out) {}

  void run() {
    const ts::Tree tree = ts::parse(tree_sitter_bash(), in_.text);
    const TSNode root = ts_tree_root_node(tree.get());
    report_errors(root);

    model::Document doc;
    doc.file = in_.file;
    doc.partial = errors_ > 0;
    const ByteRange whole{in_.base, in_.base + in_.text.size()};
    doc.map.set("", {std::nullopt, whole});
    doc.map.set("/commands", {std::nullopt, whole});
    json commands = json::array();
    // Commands and comments inside ERROR nodes are kept: they are still
    // what the script says, and rules should see them.
    ts::walk(root, [&](TSNode node) {
      const auto t = ts::type(node);
      if (t == "comment") {
        const auto r = ts::range(node, in_.base);
        out_.comments.push_back({r, std::string(ts::text(node, in_.text))});
        return false;
      }
      if (t == "command") add_command(node, commands, doc.map);
      return true;
    });
    doc.value = json{{"commands", std::move(commands)}};
    out_.documents.push_back(std::move(doc));
  }

private:
  /// Reports the outermost ERROR and MISSING nodes, skipping error-free subtrees.
  void report_errors(TSNode root) {
    ts::walk(root, [&](TSNode node) {
      if (errors_ >= max_errors || !ts_node_has_error(node)) return false;
      if (ts_node_is_missing(node)) {
        report_missing(node);
        return false;
      }
      if (ts::type(node) == "ERROR") {
        report_error(node);
        return false;
      }
      return true;
    });
  }

  void report_missing(TSNode node) {
    const auto r = ts::range(node, in_.base);
    auto& d = error(r, fmt::format("syntax error: missing {}", describe_kind(node)));
    // The keyword that opened the construct the missing token closes; searched
    // upwards, because the parent of a zero-width node may be an inner clause
    // (`else` for a missing `fi`).
    const std::string_view closer = ts::type(node);
    const std::string_view wanted = closer == "fi"     ? "if"
                                    : closer == "done" ? "do"
                                    : closer == "esac" ? "case"
                                    : closer == "}"    ? "{"
                                    : closer == ")"    ? "("
                                    : closer == "]]"   ? "[["
                                    : closer == "]"    ? "["
                                                       : "";
    for (TSNode up = ts_node_parent(node); !wanted.empty() && !ts_node_is_null(up); up = ts_node_parent(up)) {
      const TSNode opener = find_child_of_type(up, wanted);
      if (ts_node_is_null(opener)) continue;
      const auto o = ts::range(opener, in_.base);
      d.related.push_back({{in_.file, o.begin, o.end}, fmt::format("`{}` opened here", wanted)});
      break;
    }
    d.help = fmt::format("add the missing {}", describe_kind(node));
  }

  static TSNode find_child_of_type(TSNode parent, std::string_view type) {
    for (const TSNode child : ts::children(parent))
      if (!ts_node_is_missing(child) && ts::type(child) == type) return child;
    return TSNode{};
  }

  void report_error(TSNode node) {
    const TSNode token = offending_token(node);
    const auto r = ts::range(token, in_.base);
    auto& d = error(r, fmt::format("syntax error: unexpected {}", describe_token(token)));
    d.help = "check the quoting and that every `if`/`case`/loop/`(`/`{` is closed";
  }

  /// The token an ERROR node is about: its first direct child that is a
  /// token (what the parser could not attach), else its first leaf.
  static TSNode offending_token(TSNode error_node) {
    for (const TSNode child : ts::children(error_node))
      if (ts_node_child_count(child) == 0 && ts_node_end_byte(child) > ts_node_start_byte(child)) return child;
    TSNode leaf = error_node;
    while (ts_node_child_count(leaf) > 0) leaf = ts_node_child(leaf, 0);
    return leaf;
  }

  /// A token for a message: keywords and punctuation are quoted; other text
  /// (which may be a secret) is only named by its kind.
  std::string describe_token(TSNode token) const {
    const std::string_view text = ts::text(token, in_.text);
    if (text.empty()) return "end of file";
    const bool quotable = text.size() <= 3 && text.find('`') == std::string_view::npos &&
                          std::all_of(text.begin(), text.end(), [](char c) {
                            return c > ' ' && c < 0x7F && !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
                                                            (c >= 'a' && c <= 'z'));
                          });
    if (quotable || is_reserved(text)) return fmt::format("`{}`", text);
    if (text == "\n" || text == "\r\n") return "end of line";
    if (ts::type(token) == "ERROR") return "character";
    return describe_kind(token);
  }

  /// `fi` for keyword and punctuation tokens, "word" for named kinds.
  static std::string describe_kind(TSNode node) {
    const std::string_view t = ts::type(node);
    if (!ts_node_is_named(node)) {
      if (t == "\n") return "end of line";
      return fmt::format("`{}`", t);
    }
    std::string kind(t);
    std::replace(kind.begin(), kind.end(), '_', ' ');
    return kind;
  }

  model::Diagnostic& error(ByteRange r, std::string message) {
    ++errors_;
    out_.diagnostics.push_back(
        make_diagnostic(rule::syntax_error, Severity::error, in_.file, r.begin, r.end, std::move(message)));
    return out_.diagnostics.back();
  }

  void add_command(TSNode node, json& commands, model::SourceMap& map) {
    std::optional<TSNode> name;
    std::vector<TSNode> args;
    // A cursor, not ts_node_field_name_for_child: the latter loses the
    // field of repeated children (every argument after the first) in the
    // tree-sitter 0.20 runtime.
    TSTreeCursor cursor = ts_tree_cursor_new(node);
    for (bool more = ts_tree_cursor_goto_first_child(&cursor); more;
         more = ts_tree_cursor_goto_next_sibling(&cursor)) {
      const char* field = ts_tree_cursor_current_field_name(&cursor);
      const TSNode child = ts_tree_cursor_current_node(&cursor);
      if (!field || ts_node_is_missing(child)) continue;
      if (std::string_view(field) == "name") name = child;
      else if (std::string_view(field) == "argument") args.push_back(child);
    }
    ts_tree_cursor_delete(&cursor);
    if (!name) return; // an ERROR-mangled command without a name

    const std::string pointer = model::append_pointer("/commands", commands.size());
    const auto r = ts::range(node, in_.base);
    map.set(pointer, {std::nullopt, r});
    map.set(pointer + "/name", {std::nullopt, ts::range(*name, in_.base)});
    const ByteRange args_range = args.empty() ? ByteRange{r.end, r.end}
                                              : ByteRange{ts::range(args.front(), in_.base).begin,
                                                          ts::range(args.back(), in_.base).end};
    map.set(pointer + "/args", {std::nullopt, args_range});
    json arg_values = json::array();
    for (const TSNode arg : args) {
      map.set(model::append_pointer(pointer + "/args", arg_values.size()),
              {std::nullopt, ts::range(arg, in_.base)});
      arg_values.push_back(std::string(ts::text(arg, in_.text)));
    }
    commands.push_back(json{{"name", std::string(ts::text(*name, in_.text))}, {"args", std::move(arg_values)}});
  }

  const LoaderInput& in_;
  LoadResult& out_;
  std::size_t errors_ = 0;
};

} // namespace

LoadResult load_shell(const LoaderInput& input) {
  LoadResult result;
  ShellLoader(input, result).run();
  return result;
}

} // namespace claudelint::source
