// Shell scripts: tree-sitter-bash gives the CST; we keep comments (for
// suppressions), report syntax errors, and turn the script into facts for
// rules: every simple command with its arguments and where it runs (at top
// level or nested, in which function, in which pipeline, whether its stdout
// goes to a file), how each argument is quoted and what it expands, every
// variable assignment and every `$NAME` expansion. Nothing is executed or
// expanded.
//
// The document, in source order throughout:
//   /commands/N     {name, args, top_level, in_function?, pipeline?, redirected,
//                    captured, substitution?, args_info}
//   /assignments/N  {name, value, declaration?}
//   /expansions/N   {name, guarded}
// Mapped: each command, its name, args and each argument; each assignment,
// its name and value; each expansion and its name. The other facts are not
// mapped: they describe a mapped range rather than being text of their own.
#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <utility>
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

enum class Quote { none, double_quotes, single_quotes };

std::string_view to_string(Quote quote) {
  switch (quote) {
  case Quote::double_quotes: return "double";
  case Quote::single_quotes: return "single";
  case Quote::none: break;
  }
  return "none";
}

/// How a whole argument is quoted: by its own node, or for a concatenation
/// (`"$DIR"/x`) by its first quoted part.
Quote argument_quote(TSNode node) {
  const auto of = [](std::string_view type) {
    if (type == "string" || type == "translated_string") return Quote::double_quotes;
    if (type == "raw_string" || type == "ansi_c_string") return Quote::single_quotes;
    return Quote::none;
  };
  if (ts::type(node) != "concatenation") return of(ts::type(node));
  Quote quote = Quote::none;
  ts::for_each_child(node, [&](TSNode child) {
    if (quote == Quote::none) quote = of(ts::type(child));
  });
  return quote;
}

/// The value of a word with no expansion in it, as the shell passes it on:
/// quotes removed, backslash escapes resolved. nullopt when any part of it
/// is expanded (`$`, backquotes) or a quote is left open.
std::optional<std::string> static_word(std::string_view word) {
  std::string out;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    if (c == '\\') {
      if (i + 1 < word.size() && word[i + 1] != '\n') out += word[i + 1];
      ++i;
    } else if (c == '\'') {
      const auto close = word.find('\'', i + 1);
      if (close == std::string_view::npos) return std::nullopt;
      out += word.substr(i + 1, close - i - 1);
      i = close;
    } else if (c == '"') {
      std::size_t j = i + 1;
      for (; j < word.size() && word[j] != '"'; ++j) {
        if (word[j] == '$' || word[j] == '`') return std::nullopt;
        if (word[j] == '\\' && j + 1 < word.size() && std::string_view("$`\"\\\n").find(word[j + 1]) != std::string_view::npos) {
          if (word[j + 1] != '\n') out += word[j + 1];
          ++j;
        } else {
          out += word[j];
        }
      }
      if (j >= word.size()) return std::nullopt;
      i = j;
    } else if (c == '$' || c == '`') {
      return std::nullopt;
    } else {
      out += c;
    }
  }
  return out;
}

/// Whether a redirect sends stdout to a file (`> out`, `>> log`, `&> f`,
/// `1> f`); not `2> f`, `>&2`, `> /dev/stderr` or an input redirect.
bool redirects_stdout_to_file(TSNode redirect, std::string_view text) {
  if (ts::type(redirect) != "file_redirect") return false;
  const TSNode descriptor = ts_node_child_by_field_name(redirect, "descriptor", 10);
  if (!ts_node_is_null(descriptor) && ts::text(descriptor, text) != "1") return false;
  std::string_view op;
  ts::for_each_child(redirect, [&](TSNode child) {
    if (op.empty() && !ts_node_is_named(child)) op = ts::type(child);
  });
  static constexpr std::array<std::string_view, 6> writes{">", ">>", ">|", "&>", "&>>", ">&"};
  if (std::find(writes.begin(), writes.end(), op) == writes.end()) return false;
  const TSNode destination = ts_node_child_by_field_name(redirect, "destination", 11);
  if (ts_node_is_null(destination)) return false;
  const std::string_view to = ts::text(destination, text);
  if (op == ">&" && (ts::type(destination) == "number" || to == "-")) return false;
  static constexpr std::array<std::string_view, 5> terminals{"/dev/stdout", "/dev/stderr", "/dev/tty", "/dev/fd/1",
                                                             "/dev/fd/2"};
  return std::find(terminals.begin(), terminals.end(), to) == terminals.end();
}

void push_unique(json& list, const std::string& name) {
  if (std::find(list.begin(), list.end(), name) == list.end()) list.push_back(name);
}

/// Where a pipeline element sits: the pipeline's number in the script, the
/// element's 0-based position, and how many elements the pipeline has.
struct PipelineSlot {
  std::size_t index = 0;
  std::size_t position = 0;
  std::size_t length = 0;
};

/// What holds for a node and everything below it, handed down the walk.
struct Scope {
  bool nested = false;                  ///< in a function body, subshell, loop, if, case or substitution
  std::optional<std::size_t> function;  ///< index into ShellLoader::functions_
  std::optional<PipelineSlot> pipeline; ///< the innermost pipeline element it is part of
  bool redirected = false;              ///< stdout goes to a file
  bool captured = false;                ///< stdout is read by $(…), `…` or <(…)
  /// The (command, argument) whose $(…)/<(…) this is inside.
  std::optional<std::pair<std::size_t, std::size_t>> substitution;
  std::optional<std::size_t> command;   ///< the command this node is part of
  std::optional<std::size_t> argument;  ///< and which of its arguments
  std::size_t argument_start = 0;       ///< file offset where that argument starts
  std::size_t string_start = 0;         ///< file offset of the innermost "…" (when quote is double)
  Quote quote = Quote::none;
  bool in_expansion = false;            ///< inside ${…} (a default value, a pattern)
  std::string_view declaration;         ///< export/local/readonly/declare/typeset around it
};

/// One node of the walk: the scope its children inherit, and the counters
/// of the constructs whose children are numbered.
struct Frame {
  Scope scope;
  std::string_view type;
  bool command = false;                 ///< a named command: its arguments are numbered
  std::size_t arguments = 0;
  std::optional<PipelineSlot> pipeline; ///< a pipeline: the slot of its next element
  bool redirects_stdout = false;        ///< a redirected_statement sending its body's stdout to a file
  /// A redirected_statement whose here-document operator continues into a
  /// pipeline (`cat <<EOF | sh`): the grammar puts the rest of the pipeline
  /// inside the redirect, so the body is given the first slot here.
  std::optional<PipelineSlot> heredoc_pipeline;
};

class ShellLoader {
public:
  ShellLoader(const LoaderInput& input, LoadResult& out) : in_(input), out_(out) {}

  void run() {
    const ts::Tree tree = ts::parse(tree_sitter_bash(), in_.text, in_.syntax);
    const TSNode root = ts_tree_root_node(tree.get());
    report_errors(root);

    doc_.file = in_.file;
    doc_.partial = errors_ > 0;
    const ByteRange whole{in_.base, in_.base + in_.text.size()};
    doc_.map.set("", {std::nullopt, whole});
    doc_.map.set("/commands", {std::nullopt, whole});
    doc_.map.set("/assignments", {std::nullopt, whole});
    doc_.map.set("/expansions", {std::nullopt, whole});
    // Commands and comments inside ERROR nodes are kept: they are still
    // what the script says, and rules should see them.
    walk(root);
    add_literals();
    doc_.value = json{{"commands", std::move(commands_)},
                      {"assignments", std::move(assignments_)},
                      {"expansions", std::move(expansions_)}};
    out_.documents.push_back(std::move(doc_));
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

  /// Visits every node in document order without recursion, keeping a
  /// stack of frames so each node knows what it is inside.
  void walk(TSNode root) {
    std::vector<Frame> stack;
    TSTreeCursor cursor = ts_tree_cursor_new(root);
    bool descend = true;
    stack.push_back(enter(root, nullptr, nullptr, descend));
    for (;;) {
      if (descend && ts_tree_cursor_goto_first_child(&cursor)) {
        Frame frame = enter(ts_tree_cursor_current_node(&cursor), ts_tree_cursor_current_field_name(&cursor),
                            &stack.back(), descend);
        stack.push_back(std::move(frame));
        continue;
      }
      for (;;) {
        stack.pop_back();
        if (!stack.empty() && ts_tree_cursor_goto_next_sibling(&cursor)) {
          Frame frame = enter(ts_tree_cursor_current_node(&cursor), ts_tree_cursor_current_field_name(&cursor),
                              &stack.back(), descend);
          stack.push_back(std::move(frame));
          break;
        }
        if (stack.empty() || !ts_tree_cursor_goto_parent(&cursor)) {
          ts_tree_cursor_delete(&cursor);
          return;
        }
      }
    }
  }

  /// Records what `node` says and returns its frame; `parent` is the
  /// frame of its parent (null for the root). Sets `descend` to false for
  /// nodes whose children need no visit.
  Frame enter(TSNode node, const char* field_name, Frame* parent, bool& descend) {
    Frame frame;
    frame.type = ts::type(node);
    const std::string_view field = field_name ? field_name : "";
    const ByteRange r = ts::range(node, in_.base);
    Scope scope = parent ? parent->scope : Scope{};
    descend = true;

    if (parent) position_in_parent(node, field, r, *parent, scope);

    const std::string_view t = frame.type;
    if (t == "comment") {
      out_.comments.push_back({r, std::string(ts::text(node, in_.text))});
      descend = false;
    } else if (t == "command") {
      scope.argument.reset();
      scope.in_expansion = false;
      scope.quote = Quote::none;
      if (const auto index = add_command(node, scope)) {
        frame.command = true;
        scope.command = index;
      } else {
        scope.command.reset();
      }
    } else if (t == "function_definition") {
      const TSNode name = ts_node_child_by_field_name(node, "name", 4);
      functions_.push_back(ts_node_is_null(name) ? std::string() : std::string(ts::text(name, in_.text)));
      scope.function = functions_.size() - 1;
      scope.nested = true;
    } else if (t == "subshell" || t == "for_statement" || t == "c_style_for_statement" || t == "while_statement" ||
               t == "if_statement" || t == "case_statement") {
      scope.nested = true;
    } else if (t == "command_substitution" || t == "process_substitution") {
      std::optional<std::pair<std::size_t, std::size_t>> within;
      if (scope.command && scope.argument) {
        commands_[*scope.command]["args_info"][*scope.argument][std::string(t)] = true;
        within = std::pair(*scope.command, *scope.argument);
      }
      Scope inner;
      inner.nested = true;
      inner.captured = true;
      inner.function = scope.function;
      inner.substitution = within;
      scope = inner;
    } else if (t == "string" || t == "translated_string") {
      scope.quote = Quote::double_quotes;
      scope.string_start = r.begin;
    } else if (t == "simple_expansion" || t == "expansion") {
      add_expansion(node, r, scope);
      scope.in_expansion = true;
    } else if (t == "pipeline") {
      std::size_t length = 0;
      ts::for_each_child(node, [&](TSNode child) { length += is_pipeline_element(child); });
      if (const auto pending = heredoc_pipelines_.find({r.begin, r.end}); pending != heredoc_pipelines_.end()) {
        frame.pipeline = pending->second;
        frame.pipeline->position = 1;
      } else {
        frame.pipeline = PipelineSlot{pipelines_++, 0, length};
      }
    } else if (t == "redirected_statement") {
      enter_redirected_statement(node, frame);
    } else if (t == "declaration_command") {
      if (ts_node_child_count(node) > 0) scope.declaration = ts::type(ts_node_child(node, 0));
    } else if (t == "variable_assignment") {
      add_assignment(node, r, scope);
    }
    frame.scope = scope;
    return frame;
  }

  /// What a node inherits from being a numbered child of its parent: an
  /// argument of a command, an element of a pipeline, the body of a
  /// redirected statement.
  void position_in_parent(TSNode node, std::string_view field, ByteRange r, Frame& parent, Scope& scope) {
    if (parent.command) {
      if (field == "argument" && !ts_node_is_missing(node)) {
        scope.argument = parent.arguments++;
        scope.argument_start = r.begin;
        scope.quote = Quote::none;
        scope.in_expansion = false;
        if (scope.command)
          commands_[*scope.command]["args_info"][*scope.argument]["quoted"] = std::string(to_string(argument_quote(node)));
      } else {
        scope.argument.reset();
      }
    }
    if (parent.pipeline && is_pipeline_element(node)) {
      scope.pipeline = parent.pipeline;
      ++parent.pipeline->position;
    }
    if (parent.type == "redirected_statement" && field == "body") {
      scope.redirected = scope.redirected || parent.redirects_stdout;
      if (parent.heredoc_pipeline) scope.pipeline = parent.heredoc_pipeline;
    }
  }

  static bool is_pipeline_element(TSNode node) {
    return ts_node_is_named(node) && !ts_node_is_missing(node) && ts::type(node) != "comment";
  }

  void enter_redirected_statement(TSNode node, Frame& frame) {
    TSTreeCursor cursor = ts_tree_cursor_new(node);
    for (bool more = ts_tree_cursor_goto_first_child(&cursor); more; more = ts_tree_cursor_goto_next_sibling(&cursor)) {
      const char* field = ts_tree_cursor_current_field_name(&cursor);
      const TSNode child = ts_tree_cursor_current_node(&cursor);
      if (field && std::string_view(field) == "redirect" && redirects_stdout_to_file(child, in_.text))
        frame.redirects_stdout = true;
      if (ts::type(child) != "heredoc_redirect") continue;
      ts::for_each_child(child, [&](TSNode inner) {
        if (ts::type(inner) != "pipeline" || frame.heredoc_pipeline) return;
        std::size_t length = 1;
        ts::for_each_child(inner, [&](TSNode element) { length += is_pipeline_element(element); });
        const auto r = ts::range(inner, in_.base);
        frame.heredoc_pipeline = PipelineSlot{pipelines_++, 0, length};
        heredoc_pipelines_[{r.begin, r.end}] = *frame.heredoc_pipeline;
      });
    }
    ts_tree_cursor_delete(&cursor);
  }

  /// Adds a named command with its facts; nullopt (and nothing added) for
  /// an ERROR-mangled command without a name.
  std::optional<std::size_t> add_command(TSNode node, const Scope& scope) {
    std::optional<TSNode> name;
    std::vector<TSNode> args;
    bool redirected = scope.redirected;
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
      else if (std::string_view(field) == "redirect" && redirects_stdout_to_file(child, in_.text)) redirected = true;
    }
    ts_tree_cursor_delete(&cursor);
    if (!name) return std::nullopt;

    const std::size_t index = commands_.size();
    const std::string pointer = model::append_pointer("/commands", index);
    const auto r = ts::range(node, in_.base);
    doc_.map.set(pointer, {std::nullopt, r});
    doc_.map.set(pointer + "/name", {std::nullopt, ts::range(*name, in_.base)});
    const ByteRange args_range = args.empty() ? ByteRange{r.end, r.end}
                                              : ByteRange{ts::range(args.front(), in_.base).begin,
                                                          ts::range(args.back(), in_.base).end};
    doc_.map.set(pointer + "/args", {std::nullopt, args_range});
    json arg_values = json::array();
    json args_info = json::array();
    for (const TSNode arg : args) {
      doc_.map.set(model::append_pointer(pointer + "/args", arg_values.size()),
                   {std::nullopt, ts::range(arg, in_.base)});
      arg_values.push_back(std::string(ts::text(arg, in_.text)));
      args_info.push_back(json{{"quoted", "none"},
                               {"expansions", json::array()},
                               {"guarded", json::array()},
                               {"unquoted", json::array()},
                               {"command_substitution", false},
                               {"process_substitution", false}});
    }
    json command{{"name", std::string(ts::text(*name, in_.text))},
                 {"args", std::move(arg_values)},
                 {"args_info", std::move(args_info)},
                 {"top_level", !scope.nested},
                 {"redirected", redirected},
                 {"captured", scope.captured}};
    if (scope.function) command["in_function"] = functions_[*scope.function];
    if (scope.pipeline)
      command["pipeline"] = json{{"index", scope.pipeline->index},
                                 {"position", scope.pipeline->position},
                                 {"length", scope.pipeline->length}};
    if (scope.substitution)
      command["substitution"] = json{{"command", scope.substitution->first}, {"argument", scope.substitution->second}};
    commands_.push_back(std::move(command));
    return index;
  }

  /// `$NAME`, `${NAME…}`: one /expansions entry, and the argument facts of
  /// the command argument it is part of.
  void add_expansion(TSNode node, ByteRange r, const Scope& scope) {
    TSNode name{};
    bool named = false, length = false, has_operator = false, has_word = false;
    std::string_view op;
    ts::for_each_child(node, [&](TSNode child) {
      const std::string_view t = ts::type(child);
      if (!named) {
        if (t == "variable_name" || t == "special_variable_name") {
          name = child;
          named = true;
        } else if (t == "subscript") {
          name = ts_node_child_by_field_name(child, "name", 4);
          named = true;
        } else if (t == "#") {
          length = true; // ${#NAME}: the length, not the value
        }
      } else if (!has_operator && !ts_node_is_named(child) && t != "}") {
        op = t;
        has_operator = true;
      } else if (has_operator && ts_node_is_named(child)) {
        has_word = true;
      }
    });
    if (!named || ts_node_is_null(name) || ts_node_is_missing(name)) return;
    const std::string text(ts::text(name, in_.text));
    if (text.empty()) return;
    const bool guarded = op == ":?";
    const std::string pointer = model::append_pointer("/expansions", expansions_.size());
    doc_.map.set(pointer, {std::nullopt, r});
    doc_.map.set(pointer + "/name", {std::nullopt, ts::range(name, in_.base)});
    expansions_.push_back(json{{"name", text}, {"guarded", guarded}});

    if (!scope.command || !scope.argument || scope.in_expansion) return;
    json& info = commands_[*scope.command]["args_info"][*scope.argument];
    // ${NAME:+word} expands to the word, ${#NAME} to a number: neither
    // passes the value on.
    const bool value = !length && op != ":+" && op != "+";
    if (guarded) push_unique(info["guarded"], text);
    if (!value) return;
    push_unique(info["expansions"], text);
    if (scope.quote == Quote::none) push_unique(info["unquoted"], text);
    const bool at_start = r.begin == scope.argument_start ||
                          (scope.quote == Quote::double_quotes && scope.string_start == scope.argument_start &&
                           r.begin == scope.argument_start + 1);
    // ${NAME:-default} is never empty.
    const bool defaulted = (op == ":-" || op == ":=") && has_word;
    if (at_start && !defaulted && !info.contains("leading")) info["leading"] = text;
  }

  /// `NAME=value`, also under export/local/readonly/declare and before a
  /// command. The value's range and text exclude the quotes of a quoted
  /// string, so the text is exactly the bytes at its range.
  void add_assignment(TSNode node, ByteRange r, const Scope& scope) {
    TSNode name = ts_node_child_by_field_name(node, "name", 4);
    if (!ts_node_is_null(name) && ts::type(name) == "subscript") name = ts_node_child_by_field_name(name, "name", 4);
    if (ts_node_is_null(name) || ts_node_is_missing(name)) return;
    const TSNode value = ts_node_child_by_field_name(node, "value", 5);
    ByteRange at{r.end, r.end};
    if (!ts_node_is_null(value) && !ts_node_is_missing(value)) {
      at = ts::range(value, in_.base);
      const std::string_view t = ts::type(value);
      const std::string_view text = ts::text(value, in_.text);
      if ((t == "string" || t == "raw_string") && text.size() >= 2 && text.back() == text.front()) {
        ++at.begin;
        --at.end;
      }
    }
    const std::string pointer = model::append_pointer("/assignments", assignments_.size());
    doc_.map.set(pointer, {std::nullopt, r});
    doc_.map.set(pointer + "/name", {std::nullopt, ts::range(name, in_.base)});
    doc_.map.set(pointer + "/value", {std::nullopt, at});
    json assignment{{"name", std::string(ts::text(name, in_.text))},
                    {"value", std::string(in_.text.substr(at.begin - in_.base, at.end - at.begin))}};
    if (!scope.declaration.empty()) assignment["declaration"] = std::string(scope.declaration);
    assignments_.push_back(std::move(assignment));
  }

  /// The value of every argument that expands nothing: what chmod, cp and
  /// rm receive, quotes removed.
  void add_literals() {
    for (auto& command : commands_) {
      auto& info = command["args_info"];
      const auto& args = command["args"];
      for (std::size_t i = 0; i < info.size() && i < args.size(); ++i) {
        if (!info[i]["expansions"].empty() || info[i]["command_substitution"].get<bool>() ||
            info[i]["process_substitution"].get<bool>())
          continue;
        if (auto literal = static_word(args[i].get_ref<const std::string&>())) info[i]["literal"] = std::move(*literal);
      }
    }
  }

  const LoaderInput& in_;
  LoadResult& out_;
  std::size_t errors_ = 0;
  model::Document doc_;
  json commands_ = json::array();
  json assignments_ = json::array();
  json expansions_ = json::array();
  std::vector<std::string> functions_;
  std::size_t pipelines_ = 0;
  /// Pipelines inside a here-document redirect, by range: their first
  /// element is the redirected command before them.
  std::map<std::pair<std::size_t, std::size_t>, PipelineSlot> heredoc_pipelines_;
};

} // namespace

LoadResult load_shell(const LoaderInput& input) {
  LoadResult result;
  ShellLoader(input, result).run();
  return result;
}

} // namespace claudelint::source
