// JSON/JSONC. Most files are plain valid JSON: StrictReader reads those in
// one pass with exact ranges. Anything else (comments, trailing commas,
// duplicate keys, any syntax error) goes to tree-sitter-json, whose CST gives
// ranges, comments and error recovery; the value is built from that CST with
// strict RFC 8259 checks of our own (numbers, escapes, control characters),
// because the grammar is more lenient than the RFC. Both give the same
// document for a file the first accepts (tests/unit/source/json_loader_test).
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "source/depth_guard.h"
#include "source/loader.h"
#include "source/syntax_rules.h"
#include "source/tree_sitter.h"
#include "support/utf8.h"

namespace claudelint::source {

using model::ByteRange;
using model::Severity;
using nlohmann::json;

namespace {

/// The character a one-letter JSON escape stands for (`n` for `\n`, `"`
/// for `\"`…); nullopt for `u` and for what is not an escape.
std::optional<char> simple_escape(char letter) {
  switch (letter) {
  case '"': return '"';
  case '\\': return '\\';
  case '/': return '/';
  case 'b': return '\b';
  case 'f': return '\f';
  case 'n': return '\n';
  case 'r': return '\r';
  case 't': return '\t';
  default: return std::nullopt;
  }
}

/// The four hex digits of a `\u` escape at `s[at]`.
bool read_hex4(std::string_view s, std::size_t at, char32_t& cp) {
  if (at + 4 > s.size()) return false;
  cp = 0;
  for (std::size_t k = at; k < at + 4; ++k) {
    const char h = s[k];
    cp <<= 4;
    if (h >= '0' && h <= '9') cp |= static_cast<char32_t>(h - '0');
    else if (h >= 'a' && h <= 'f') cp |= static_cast<char32_t>(h - 'a' + 10);
    else if (h >= 'A' && h <= 'F') cp |= static_cast<char32_t>(h - 'A' + 10);
    else return false;
  }
  return true;
}

/// Reads a file that is strict RFC 8259 JSON — one value, no comments, no
/// trailing commas, no duplicate keys, finite numbers — into a document with
/// the exact ranges JsonBuilder gives, at several times the speed of building
/// a syntax tree (that was the largest part of loading). Returns nullopt at
/// the first thing it does not accept, without a diagnostic: JsonBuilder then
/// reads the file and explains it.
class StrictReader {
public:
  /// What the reader makes: a document with its source map, or only the
  /// value, as nlohmann::json::parse would (for the JSON the binary embeds).
  enum class Output { document, value_as_nlohmann };

  StrictReader(const LoaderInput& input, Output output) : in_(input), text_(input.text), output_(output) {}

  std::optional<model::Document> read() {
    model::Document doc;
    doc.file = in_.file;
    std::optional<model::SourceMap::Builder> map;
    if (output_ == Output::document) map_ = &map.emplace(text_.size());
    skip_whitespace();
    if (!value(doc.value, model::SourceMap::Builder::no_parent, std::nullopt)) return std::nullopt;
    skip_whitespace();
    if (at_ != text_.size()) return std::nullopt;
    if (map) doc.map = std::move(*map).take();
    return doc;
  }

private:
  // Deeper than --max-depth, it gives up like at anything else it does not
  // accept; JsonBuilder's depth guard then reports it. So a file it reads
  // needs no separate scan for its depth.
  /// Reads the value at at_ into `out`. Its map entry is the entry of
  /// `parent` (no_parent for the root) extended by suffix_, which holds its
  /// "/token"; a collection's goes in before its children's, its span set
  /// once it closes.
  bool value(json& out, std::uint32_t parent, std::optional<ByteRange> key) {
    if (at_ >= text_.size()) return false;
    const std::size_t begin = at_;
    std::uint32_t entry = model::SourceMap::Builder::no_parent;
    if (map_) entry = map_->add(parent, suffix_, {key, {in_.base + begin, in_.base + begin}});
    switch (text_[at_]) {
    case '{':
      if (depth_ == in_.limits.max_depth) return false;
      ++depth_;
      if (!object(out, entry)) return false;
      --depth_;
      break;
    case '[':
      if (depth_ == in_.limits.max_depth) return false;
      ++depth_;
      if (!array(out, entry)) return false;
      --depth_;
      break;
    case '"': {
      std::string decoded;
      if (!string(decoded)) return false;
      out = std::move(decoded);
      break;
    }
    case 't':
      if (!literal("true")) return false;
      out = true;
      break;
    case 'f':
      if (!literal("false")) return false;
      out = false;
      break;
    case 'n':
      if (!literal("null")) return false;
      out = nullptr;
      break;
    default:
      if (!number(out)) return false;
    }
    if (map_) map_->set_span(entry, {key, {in_.base + begin, in_.base + at_}});
    return true;
  }

  bool object(json& out, std::uint32_t entry) {
    ++at_; // {
    out = json::object();
    skip_whitespace();
    if (next_is('}')) return true;
    while (true) {
      skip_whitespace();
      if (at_ >= text_.size() || text_[at_] != '"') return false;
      const std::size_t key_begin = at_;
      std::string key;
      if (!string(key)) return false;
      const ByteRange key_range{in_.base + key_begin, in_.base + at_};
      skip_whitespace();
      if (!next_is(':')) return false;
      skip_whitespace();
      const auto [slot, inserted] = out.emplace(key, nullptr);
      if (!inserted) return false; // a duplicate key: JsonBuilder reports it
      if (map_) {
        suffix_.clear();
        model::push_pointer_token(suffix_, key);
      }
      if (!value(slot.value(), entry, key_range)) return false;
      skip_whitespace();
      if (next_is(',')) continue;
      return next_is('}');
    }
  }

  bool array(json& out, std::uint32_t entry) {
    ++at_; // [
    out = json::array();
    skip_whitespace();
    if (next_is(']')) return true;
    while (true) {
      skip_whitespace();
      json& item = out.emplace_back();
      if (map_) {
        suffix_.clear();
        model::push_pointer_index(suffix_, out.size() - 1);
      }
      if (!value(item, entry, std::nullopt)) return false;
      skip_whitespace();
      if (next_is(',')) continue;
      return next_is(']');
    }
  }

  bool string(std::string& out) {
    ++at_; // "
    while (at_ < text_.size()) {
      // Copy the run of plain characters at once.
      const std::size_t run = at_;
      while (at_ < text_.size() && text_[at_] != '"' && text_[at_] != '\\' &&
             static_cast<unsigned char>(text_[at_]) >= 0x20)
        ++at_;
      out.append(text_.substr(run, at_ - run));
      if (at_ >= text_.size() || static_cast<unsigned char>(text_[at_]) < 0x20) return false;
      if (text_[at_++] == '"') return true;
      if (at_ >= text_.size()) return false;
      const char letter = text_[at_++];
      if (const auto c = simple_escape(letter)) {
        out += *c;
        continue;
      }
      char32_t cp = 0;
      if (letter != 'u' || !hex4(cp)) return false;
      if (cp >= 0xDC00 && cp <= 0xDFFF) return false; // a lone low surrogate
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        char32_t low = 0;
        if (!(next_is('\\') && next_is('u') && hex4(low) && low >= 0xDC00 && low <= 0xDFFF)) return false;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      }
      support::append_utf8(out, cp);
    }
    return false;
  }

  bool hex4(char32_t& cp) {
    if (!read_hex4(text_, at_, cp)) return false;
    at_ += 4;
    return true;
  }

  // RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, decoded as
  // JsonBuilder::decode_number does; out of a double's range: not accepted.
  bool number(json& out) {
    const std::size_t begin = at_;
    const auto digits = [&] {
      const std::size_t start = at_;
      while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') ++at_;
      return at_ - start;
    };
    bool integral = true;
    next_is('-');
    const std::size_t int_start = at_;
    const std::size_t int_digits = digits();
    if (int_digits == 0 || (int_digits > 1 && text_[int_start] == '0')) return false;
    if (next_is('.')) {
      integral = false;
      if (digits() == 0) return false;
    }
    if (at_ < text_.size() && (text_[at_] == 'e' || text_[at_] == 'E')) {
      ++at_;
      integral = false;
      if (!next_is('+')) next_is('-');
      if (digits() == 0) return false;
    }
    const char* first = text_.data() + begin;
    const char* last = text_.data() + at_;
    if (integral && output_ == Output::value_as_nlohmann && *first != '-') {
      std::uint64_t u = 0; // nlohmann reads a non-negative integer as unsigned
      if (std::from_chars(first, last, u).ec == std::errc{}) {
        out = u;
        return true;
      }
    } else if (integral) {
      std::int64_t v = 0;
      if (std::from_chars(first, last, v).ec == std::errc{}) {
        out = v;
        return true;
      }
      std::uint64_t u = 0;
      if (std::from_chars(first, last, u).ec == std::errc{}) {
        out = u;
        return true;
      }
    }
    double d = 0;
    if (std::from_chars(first, last, d).ec != std::errc{} || !std::isfinite(d)) return false;
    out = d;
    return true;
  }

  bool literal(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }

  bool next_is(char c) {
    if (at_ >= text_.size() || text_[at_] != c) return false;
    ++at_;
    return true;
  }

  void skip_whitespace() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\r' || text_[at_] == '\t'))
      ++at_;
  }

  const LoaderInput& in_;
  std::string_view text_;
  std::size_t at_ = 0;
  unsigned depth_ = 0; ///< objects and arrays open
  Output output_;
  model::SourceMap::Builder* map_ = nullptr; ///< null: the value only
  std::string suffix_; ///< the next value's "/token"; empty for the root
};

class JsonBuilder {
public:
  JsonBuilder(const LoaderInput& input, bool allow_comments, LoadResult& out)
      : in_(input), allow_comments_(allow_comments), out_(out) {}

  void run() {
    // An editor's buffer keeps its syntax tree for the next edit.
    if (!in_.syntax)
      if (auto document = read_strict_json(in_)) {
        out_.documents.push_back(std::move(*document));
        return;
      }
    // Before the syntax tree, whose walks recurse.
    if (const auto deep = find_excess_json_depth(in_.text, in_.limits.max_depth)) {
      auto& d = error(rule::nesting_too_deep, in_.base + *deep, in_.base + *deep + 1,
                      fmt::format("nesting is deeper than {} levels; the file was not parsed",
                                  in_.limits.max_depth));
      d.help = "flatten the structure; no configuration needs this depth";
      return;
    }
    const std::string grammar_text = patch_exponent_signs(in_.text);
    const ts::Tree tree = ts::parse(tree_sitter_json(), grammar_text, in_.syntax);
    const TSNode root = ts_tree_root_node(tree.get());
    scan_comments_and_errors(root);

    model::Document doc;
    doc.file = in_.file;
    map_ = &doc.map;
    bool have_value = false;
    for (const TSNode child : ts::children(root)) {
      if (!ts_node_is_named(child)) continue;
      const auto t = ts::type(child);
      if (t == "comment" || t == "ERROR") continue;
      if (have_value) {
        cst_errors_ = true;
        break;
      }
      doc.value = build(child, "", std::nullopt, 1);
      have_value = true;
    }
    check_strict_syntax(doc.value, root);
    if (!have_value && !reported_syntax_error_) return;
    doc.partial = reported_syntax_error_;
    out_.documents.push_back(std::move(doc));
  }

private:
  /// tree-sitter-json does not accept a `+` after an exponent (`1e+5`), which
  /// RFC 8259 allows. `e+5` and `e05` have the same length and value, so the
  /// grammar parses a patched copy: every offset stays exact, and values are
  /// decoded from the original text.
  static std::string patch_exponent_signs(std::string_view text) {
    std::string out(text);
    for (std::size_t i = 1; i + 2 < out.size(); ++i)
      if ((out[i] == 'e' || out[i] == 'E') && out[i + 1] == '+' && out[i - 1] >= '0' && out[i - 1] <= '9' &&
          out[i + 2] >= '0' && out[i + 2] <= '9')
        out[i + 1] = '0';
    return out;
  }

  /// The grammar recovers from errors but describes them poorly; nlohmann's
  /// strict parser pins the first error to its byte with a clear message.
  /// Trailing commas (reported on their own) are blanked out first.
  void check_strict_syntax(json& value, TSNode root) {
    std::string blanked(in_.text);
    for (const auto& r : trailing_commas_) blanked[r.begin - in_.base] = ' ';
    try {
      if (!cst_errors_) {
        // The common case: only validate, without building a second DOM.
        if (json::accept(blanked, /*ignore_comments=*/true)) return;
        const json unused = json::parse(blanked, nullptr, true, /*ignore_comments=*/true); // throws with the position
        static_cast<void>(unused);
      } else {
        value = json::parse(blanked, nullptr, true, /*ignore_comments=*/true); // a grammar gap, not a file error
      }
    } catch (const json::parse_error& e) {
      if (reported_syntax_error_) return;
      report_strict_error(e.what(), std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, in_.text.size()), root);
      reported_syntax_error_ = true;
    } catch (const json::exception&) {
      // out_of_range (a number overflowing a double) is reported by decode_number.
    }
  }

  /// Turns nlohmann's parse error ("syntax error while parsing CONTEXT -
  /// DETAIL; expected X; last read: '…'") into a diagnostic that names the
  /// likely mistake and points where it can be fixed. `at` is the last byte
  /// nlohmann read. "last read" echoes input, so it is never shown.
  void report_strict_error(std::string what, std::size_t at, TSNode root) {
    if (const auto p = what.find("last read: "); p != std::string::npos) what.resize(p);
    while (!what.empty() && (what.back() == ' ' || what.back() == ';')) what.pop_back();
    std::string context, detail = what, expected;
    if (const auto p = what.find("syntax error while parsing "); p != std::string::npos) {
      detail = what.substr(p + 27);
      if (const auto dash = detail.find(" - "); dash != std::string::npos) {
        context = detail.substr(0, dash);
        detail = detail.substr(dash + 3);
      }
    }
    if (const auto p = detail.find("; expected "); p != std::string::npos) {
      expected = detail.substr(p + 11);
      detail.resize(p);
    }

    const LexicalState state = scan(in_.text, in_.text.size());
    if (detail.find("missing closing quote") != std::string::npos && state.open_string) {
      const std::size_t q = in_.base + *state.open_string;
      auto& d = error(rule::syntax_error, q, q + 1, "string is not closed: the file ends inside it");
      d.help = "add the closing `\"`, or restore the truncated end of the file";
      return;
    }
    if (detail.starts_with("unexpected end of input")) {
      const std::size_t end = in_.base + in_.text.size();
      auto& d = error(rule::syntax_error, end, end,
                      expected.empty() ? "unexpected end of file" : fmt::format("unexpected end of file; expected {}", expected));
      if (!state.open_brackets.empty()) {
        const std::size_t b = in_.base + state.open_brackets.back();
        d.related.push_back({{in_.file, b, b + 1},
                             fmt::format("this `{}` is never closed", in_.text[state.open_brackets.back()])});
      }
      d.help = "the file looks truncated: close every `{` and `[`";
      return;
    }

    // Underline the whole offending token, not just its last byte.
    std::size_t begin = at, end = at < in_.text.size() ? at + 1 : at;
    if (at < in_.text.size()) {
      TSNode token = ts_node_descendant_for_byte_range(root, static_cast<std::uint32_t>(at),
                                                       static_cast<std::uint32_t>(at + 1));
      const TSNode parent = ts_node_parent(token);
      if (!ts_node_is_null(parent) && ts::type(parent) == "string") token = parent;
      const bool is_token = ts_node_child_count(token) == 0 || ts::type(token) == "string";
      if (is_token && ts_node_end_byte(token) == at + 1) begin = ts_node_start_byte(token);
    }

    const bool value_follows = detail.find("string literal") != std::string::npos ||
                               detail.find("number literal") != std::string::npos ||
                               detail.find("literal") != std::string::npos || detail.find("'['") != std::string::npos ||
                               detail.find("'{'") != std::string::npos;
    if (value_follows && (expected == "'}'" || expected == "']'")) {
      // A value where a closing bracket was expected: almost always a missing comma.
      const std::size_t gap = in_.base + scan(in_.text, begin).last_token_end;
      const bool object = expected == "'}'";
      auto& d = error(rule::syntax_error, gap, gap,
                      object ? "missing `,` between object members" : "missing `,` between array items");
      d.related.push_back({{in_.file, in_.base + begin, in_.base + end},
                           object ? "the next member starts here" : "the next item starts here"});
      d.help = "add a comma after the previous value";
      return;
    }
    std::string message = detail;
    if (!expected.empty()) message += fmt::format("; expected {}", expected);
    if (context == "object key" && detail.starts_with("unexpected") && detail.find("','") == std::string::npos) message += " (object keys must be double-quoted strings)";
    error(rule::syntax_error, in_.base + begin, in_.base + end, message);
  }

  /// Where strings and brackets stand at `limit`: skips comments, tracks the
  /// open brackets and an unclosed string, and the end of the last token.
  struct LexicalState {
    std::vector<std::size_t> open_brackets;
    std::optional<std::size_t> open_string;
    std::size_t last_token_end = 0;
  };

  static LexicalState scan(std::string_view text, std::size_t limit) {
    LexicalState s;
    limit = std::min(limit, text.size());
    for (std::size_t i = 0; i < limit; ++i) {
      const char c = text[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
      if (c == '/' && i + 1 < limit && text[i + 1] == '/') {
        while (i < limit && text[i] != '\n') ++i;
        continue;
      }
      if (c == '/' && i + 1 < limit && text[i + 1] == '*') {
        const auto close = text.find("*/", i + 2);
        if (close == std::string_view::npos || close + 2 > limit) break;
        i = close + 1;
        continue;
      }
      if (c == '"') {
        std::size_t k = i + 1;
        while (k < limit && text[k] != '"' && text[k] != '\n') k += text[k] == '\\' ? 2 : 1;
        if (k >= limit || text[k] == '\n') {
          s.open_string = i;
          s.last_token_end = std::min(k, limit);
          break;
        }
        i = k;
        s.last_token_end = k + 1;
        continue;
      }
      if (c == '[' || c == '{') s.open_brackets.push_back(i);
      else if ((c == ']' || c == '}') && !s.open_brackets.empty()) s.open_brackets.pop_back();
      s.last_token_end = i + 1;
    }
    return s;
  }

  model::Diagnostic& error(const model::RuleId& rule, std::size_t begin, std::size_t end,
                           std::string message, Severity severity = Severity::error) {
    out_.diagnostics.push_back(make_diagnostic(rule, severity, in_.file, begin, end, std::move(message)));
    return out_.diagnostics.back();
  }

  /// A trailing comma shows up as an ERROR holding "," before a closing
  /// bracket (objects) or as a MISSING value after "," (arrays). Detected from
  /// the parent, because sibling lookups from zero-width nodes are unreliable.
  void find_trailing_commas(TSNode parent) {
    const std::vector<TSNode> kids = ts::children(parent);
    for (std::size_t i = 0; i + 1 < kids.size(); ++i) {
      const TSNode child = kids[i];
      const auto next = ts::type(kids[i + 1]);
      if (next != "]" && next != "}") continue;
      if (ts_node_is_missing(child) && i > 0 && ts::type(kids[i - 1]) == ",") {
        report_trailing_comma(kids[i - 1]);
        handled_.insert(child.id);
      } else if (ts::type(child) == "ERROR" && ts::text(child, in_.text) == ",") {
        report_trailing_comma(child);
        handled_.insert(child.id);
      }
    }
  }

  void scan_comments_and_errors(TSNode root) {
    ts::walk(root, [&](TSNode node) {
      const auto t = ts::type(node);
      if (t == "comment") {
        const auto r = ts::range(node, in_.base);
        out_.comments.push_back({r, std::string(ts::text(node, in_.text))});
        if (!allow_comments_) {
          auto& d = error(rule::comment_in_strict_json, r.begin, r.end,
                          "comments are not allowed in strict JSON");
          d.help = "remove the comment, or rename the file to .jsonc if every reader accepts comments";
        }
        return false;
      }
      if (ts_node_is_missing(node) || t == "ERROR") {
        if (!handled_.contains(node.id)) cst_errors_ = true;
        return false;
      }
      if (t == "array" || t == "object") find_trailing_commas(node);
      return true;
    });
  }

  void report_trailing_comma(TSNode comma) {
          const auto r = ts::range(comma, in_.base);
          trailing_commas_.push_back(r);
          auto& d = error(rule::trailing_comma, r.begin, r.end,
                          allow_comments_ ? "trailing comma; not every JSONC reader accepts it"
                                          : "trailing comma is not allowed in JSON",
                          allow_comments_ ? Severity::warning : Severity::error);
          d.help = "remove the comma";
          d.fix = model::Fix{"remove the trailing comma", model::Applicability::safe,
                             {{{in_.file, r.begin, r.end}, ""}}};
  }

  json build(TSNode node, const std::string& pointer, std::optional<ByteRange> key, unsigned depth) {
    const auto r = ts::range(node, in_.base);
    if (ts_node_is_missing(node)) return nullptr;
    map_->set(pointer, {key, r});
    const auto t = ts::type(node);
    if (t == "object") return build_object(node, pointer, depth);
    if (t == "array") return build_array(node, pointer, depth);
    if (t == "string") return decode_string(node);
    if (t == "number") return decode_number(node);
    if (t == "true") return true;
    if (t == "false") return false;
    if (t == "null") return nullptr;
    return nullptr; // ERROR subtrees were reported by the scan
  }

  json build_object(TSNode node, const std::string& pointer, unsigned depth) {
    json object = json::object();
    std::unordered_map<std::string, ByteRange> seen;
    for (const TSNode pair : ts::children(node)) {
      if (ts::type(pair) != "pair") continue;
      const TSNode key_node = ts_node_child_by_field_name(pair, "key", 3);
      const TSNode value_node = ts_node_child_by_field_name(pair, "value", 5);
      if (ts_node_is_null(key_node) || ts_node_is_null(value_node) || ts_node_is_missing(value_node))
        continue;
      json key_value = decode_string(key_node);
      if (!key_value.is_string()) continue;
      std::string key = key_value.get<std::string>();
      const auto key_range = ts::range(key_node, in_.base);
      const auto [it, inserted] = seen.emplace(key, key_range);
      const std::string child = model::append_pointer(pointer, key);
      if (!inserted) report_duplicate(key, child, key_range, it->second);
      it->second = key_range;
      object[key] = build(value_node, child, key_range, depth + 1);
    }
    return object;
  }

  void report_duplicate(const std::string& key, const std::string& pointer, ByteRange second, ByteRange first) {
    auto& d = error(rule::duplicate_key, second.begin, second.end,
                    fmt::format("duplicate key {}; the last value wins and the first is silently lost",
                                model::quote_for_message(key)));
    d.pointer = pointer;
    d.related.push_back({{in_.file, first.begin, first.end}, "first defined here"});
    d.help = "remove one of the two, or merge their values";
  }

  json build_array(TSNode node, const std::string& pointer, unsigned depth) {
    json array = json::array();
    for (const TSNode item : ts::children(node)) {
      if (!ts_node_is_named(item)) continue;
      const auto t = ts::type(item);
      if (t == "comment" || t == "ERROR" || ts_node_is_missing(item)) continue;
      array.push_back(build(item, model::append_pointer(pointer, array.size()), std::nullopt, depth + 1));
    }
    return array;
  }

  // The decoders are lenient: check_strict_syntax reports what is invalid.
  json decode_number(TSNode node) {
    const std::string_view s = ts::text(node, in_.text);
    // RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    std::size_t i = 0;
    const auto digits = [&] {
      const std::size_t start = i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      return i - start;
    };
    bool ok = true;
    bool integral = true;
    if (i < s.size() && s[i] == '-') ++i;
    const std::size_t int_start = i;
    const std::size_t int_digits = digits();
    if (int_digits == 0 || (int_digits > 1 && s[int_start] == '0')) ok = false;
    if (ok && i < s.size() && s[i] == '.') { ++i; integral = false; ok = digits() > 0; }
    if (ok && i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
      ++i;
      integral = false;
      if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
      ok = digits() > 0;
    }
    if (!ok || i != s.size()) {
      return nullptr;
    }
    if (integral) {
      std::int64_t v = 0;
      if (std::from_chars(s.data(), s.data() + s.size(), v).ec == std::errc{}) return v;
      std::uint64_t u = 0;
      if (std::from_chars(s.data(), s.data() + s.size(), u).ec == std::errc{}) return u;
    }
    double d = 0;
    if (std::from_chars(s.data(), s.data() + s.size(), d).ec == std::errc::result_out_of_range) {
      // from_chars leaves `d` untouched when out of range; strtod tells overflow (inf) from underflow (0).
      d = std::strtod(std::string(s).c_str(), nullptr);
    }
    if (!std::isfinite(d)) {
      const auto r = ts::range(node, in_.base);
      error(rule::syntax_error, r.begin, r.end, "number is out of the range of a 64-bit float");
      reported_syntax_error_ = true;
      return nullptr;
    }
    return d;
  }

  json decode_string(TSNode node) {
    std::string_view raw = ts::text(node, in_.text);
    if (raw.size() < 2 || raw.front() != '"' || raw.back() != '"') return nullptr;
    raw = raw.substr(1, raw.size() - 2);
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
      const char c = raw[i];
      if (c != '\\') { out += c; continue; }
      if (i + 1 >= raw.size()) break;
      const char e = raw[++i];
      if (const auto simple = simple_escape(e)) {
        out += *simple;
        continue;
      }
      switch (e) {
      case 'u': {
        char32_t cp = 0;
        if (!read_hex4(raw, i + 1, cp)) break;
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          char32_t low = 0;
          if (i + 2 < raw.size() && raw[i + 1] == '\\' && raw[i + 2] == 'u' &&
              read_hex4(raw, i + 3, low) && low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          } else {
            cp = 0xFFFD;
          }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          cp = 0xFFFD;
        }
        support::append_utf8(out, cp);
        break;
      }
      default: break;
      }
    }
    return out;
  }

  const LoaderInput& in_;
  bool allow_comments_;
  LoadResult& out_;
  model::SourceMap* map_ = nullptr;
  bool reported_syntax_error_ = false;
  bool cst_errors_ = false; ///< ERROR/MISSING nodes other than trailing commas
  std::vector<ByteRange> trailing_commas_;
  std::unordered_set<const void*> handled_; ///< ERROR/MISSING nodes explained as trailing commas
};

} // namespace

std::optional<model::Document> read_strict_json(const LoaderInput& input) {
  return StrictReader(input, StrictReader::Output::document).read();
}

json parse_embedded_json(std::string_view text) {
  const support::Limits limits;
  const LoaderInput input{text, 0, 0, limits};
  if (auto document = StrictReader(input, StrictReader::Output::value_as_nlohmann).read())
    return std::move(document->value);
  return json::parse(text); // what it does not accept: nlohmann's reading, or its error
}

LoadResult load_json(const LoaderInput& input, bool allow_comments) {
  LoadResult result;
  JsonBuilder(input, allow_comments, result).run();
  return result;
}

} // namespace claudelint::source
