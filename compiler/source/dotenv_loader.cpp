// .env files: a hand-written, single-pass parser (the format is line-based
// and has no grammar worth the name). Values are secrets, so no message ever
// quotes one; offending bytes are pointed at by range instead.
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "source/loader.h"
#include "source/syntax_rules.h"

namespace claudelint::source {

using model::ByteRange;
using model::Severity;
using nlohmann::json;

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_key_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_key_char(char c) { return is_key_start(c) || (c >= '0' && c <= '9') || c == '.'; }

/// One physical line: [begin, end) is its content without the line
/// terminator ("\n" or "\r\n"); `next` is where the following line starts.
struct Line {
  std::size_t begin;
  std::size_t end;
  std::size_t next;
};

/// A parsed value: its decoded text and the bytes it was written with.
struct Value {
  std::string text;
  ByteRange range; ///< offsets in the input text (without `base`)
};

class DotenvParser {
public:
  DotenvParser(const LoaderInput& input, LoadResult& out) : in_(input), text_(input.text), out_(out) {}

  void run() {
    doc_.file = in_.file;
    doc_.value = json::object();
    doc_.map.set("", {std::nullopt, {in_.base, in_.base + text_.size()}});
    std::size_t pos = 0;
    while (pos < text_.size()) pos = parse_line(line_at(pos));
    out_.documents.push_back(std::move(doc_));
  }

private:
  Line line_at(std::size_t pos) const {
    const std::size_t nl = text_.find('\n', pos);
    Line line{pos, nl == npos ? text_.size() : nl, nl == npos ? text_.size() : nl + 1};
    if (line.end > line.begin && text_[line.end - 1] == '\r') --line.end;
    return line;
  }

  std::size_t skip_blanks(std::size_t i, std::size_t end) const {
    while (i < end && is_blank(text_[i])) ++i;
    return i;
  }

  std::size_t trim_end(std::size_t begin, std::size_t end) const {
    while (end > begin && (is_blank(text_[end - 1]) || text_[end - 1] == '\r')) --end;
    return end;
  }

  /// Parses the line starting `line` (and, for a quoted value, the lines it
  /// spans); returns where the next line starts.
  std::size_t parse_line(const Line& line) {
    const std::size_t start = skip_blanks(line.begin, line.end);
    if (start == line.end) return line.next;
    if (text_[start] == '#') {
      add_comment(start, line.end);
      return line.next;
    }
    // Searched within the line only: a search running on to a later line
    // would make a file of lines without `=` quadratic.
    const std::size_t found = text_.substr(start, line.end - start).find('=');
    if (found == npos) {
      auto& d = error(start, trim_end(start, line.end), "expected `KEY=value`, but the line has no `=`");
      d.help = "add `=` after the key, or start the line with `#` to make it a comment";
      return line.next;
    }
    const std::size_t eq = start + found;

    std::size_t key_begin = start;
    if (text_.substr(start, 6) == "export" && start + 6 < eq && is_blank(text_[start + 6])) {
      const std::size_t after = skip_blanks(start + 6, eq);
      if (after < eq) key_begin = after;
    }
    const std::size_t key_end = trim_end(key_begin, eq);
    const bool key_ok = check_key(key_begin, key_end, eq);

    const std::size_t value_start = skip_blanks(eq + 1, line.end);
    const bool value_empty =
        value_start == line.end || (value_start > eq + 1 && text_[value_start] == '#');
    if (key_end < eq || (value_start > eq + 1 && !value_empty)) {
      const std::size_t begin = key_end < eq ? key_end : eq;
      const std::size_t end = value_empty ? eq + 1 : value_start;
      auto& d = error(begin, end, "spaces around `=`; shells and many dotenv readers reject `KEY = value`",
                      /*cuts_input=*/false);
      d.help = "write `KEY=value` with no spaces, and quote the value if it must start with a space";
      if (key_ok) d.pointer = model::append_pointer("", text_.substr(key_begin, key_end - key_begin));
    }

    std::size_t next = line.next;
    std::optional<Value> value;
    if (value_empty) {
      if (value_start < line.end) add_comment(value_start, line.end);
      value = Value{"", {eq + 1, eq + 1}};
    } else if (text_[value_start] == '"' || text_[value_start] == '\'') {
      value = parse_quoted(value_start, line, next);
    } else {
      value = parse_unquoted(value_start, line.end);
    }
    if (key_ok && value) record(key_begin, key_end, std::move(*value));
    return next;
  }

  /// Reports an empty or invalid key name; true when the key is valid.
  bool check_key(std::size_t begin, std::size_t end, std::size_t eq) {
    if (begin == end) {
      auto& d = error(eq, eq + 1, "missing key name before `=`");
      d.help = "write the variable name before `=`, as in `KEY=value`";
      return false;
    }
    std::string problem;
    if (!is_key_start(text_[begin]))
      problem = text_[begin] >= '0' && text_[begin] <= '9' ? "it starts with a digit" : describe(text_[begin]);
    for (std::size_t i = begin + 1; problem.empty() && i < end; ++i)
      if (!is_key_char(text_[i])) problem = describe(text_[i]);
    if (problem.empty()) return true;
    auto& d = error(begin, end,
                    fmt::format("invalid key name: {}; keys must match `[A-Za-z_][A-Za-z0-9_.]*`", problem));
    d.help = "use only letters, digits, `_` and `.` in the key, and do not start it with a digit";
    return false;
  }

  /// Names an offending key character without echoing arbitrary bytes.
  static std::string describe(char c) {
    if (c == ' ' || c == '\t') return "it contains whitespace";
    if (c > ' ' && c < 0x7F && c != '`') return fmt::format("it contains `{}`", c);
    return "it contains a character outside `[A-Za-z0-9_.]`";
  }

  std::optional<Value> parse_unquoted(std::size_t begin, std::size_t line_end) {
    std::size_t end = line_end;
    for (std::size_t i = begin + 1; i < line_end; ++i) {
      if (text_[i] == '#' && is_blank(text_[i - 1])) {
        add_comment(i, line_end);
        end = i;
        break;
      }
    }
    end = trim_end(begin, end);
    return Value{std::string(text_.substr(begin, end - begin)), {begin, end}};
  }

  /// Parses a quoted value opening at `open` on `line`; sets `next` to the
  /// start of the line after the one the value ends on. Returns nullopt (after
  /// reporting) when the quote is never closed.
  std::optional<Value> parse_quoted(std::size_t open, const Line& line, std::size_t& next) {
    const char quote = text_[open];
    const bool dq = quote == '"';
    Value value;
    // A scan ends at the latest at the next value opening with the same
    // quote, so scans never overlap and the whole parse stays linear.
    std::size_t close = npos;
    if (dq) close = scan_double_quoted(open + 1, value.text);
    else if ((close = text_.find('\'', open + 1)) != npos)
      value.text.assign(text_.substr(open + 1, close - open - 1));
    if (close == npos) {
      report_unterminated(open, quote);
      return std::nullopt;
    }
    if (!dq) value.text = normalize_newlines(std::move(value.text));
    value.range = {open, close + 1};

    const Line last = close < line.end ? line : line_at_containing(close);
    const std::size_t after = skip_blanks(close + 1, last.end);
    if (after < last.end && text_[after] != '#') {
      if (last.begin != line.begin) {
        // A quote closed on a later line with text after it is far more often
        // an opening quote left unclosed that swallowed the next lines.
        report_unterminated(open, quote);
        return std::nullopt;
      }
      std::size_t garbage_end = last.end;
      for (std::size_t i = after + 1; i < last.end; ++i) {
        if (text_[i] == '#' && is_blank(text_[i - 1])) {
          garbage_end = i;
          break;
        }
      }
      if (garbage_end < last.end) add_comment(garbage_end, last.end);
      auto& d = error(after, trim_end(after, garbage_end), "unexpected text after the closing quote");
      d.help = "put the whole value inside the quotes, or start a comment with ` #`";
    } else if (after < last.end) {
      add_comment(after, last.end);
    }
    next = last.next;
    return value;
  }

  /// The line holding `offset`, which lies past the current line.
  Line line_at_containing(std::size_t offset) const {
    const std::size_t nl = text_.rfind('\n', offset);
    return line_at(nl == npos ? 0 : nl + 1);
  }

  /// Decodes a double-quoted body from `begin` into `out`; returns the offset
  /// of the closing quote, or npos.
  std::size_t scan_double_quoted(std::size_t begin, std::string& out) const {
    for (std::size_t i = begin; i < text_.size(); ++i) {
      const char c = text_[i];
      if (c == '"') return i;
      if (c == '\r' && i + 1 < text_.size() && text_[i + 1] == '\n') continue;
      if (c != '\\' || i + 1 >= text_.size()) {
        out += c;
        continue;
      }
      switch (text_[i + 1]) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '$': out += '$'; break;
      default:
        // Unknown escapes are kept as written; the next byte is read normally.
        out += '\\';
        continue;
      }
      ++i;
    }
    return npos;
  }

  static std::string normalize_newlines(std::string s) {
    if (s.find('\r') == npos) return s;
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i)
      if (!(s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) out += s[i];
    return out;
  }

  void report_unterminated(std::size_t open, char quote) {
    auto& d = error(open, open + 1,
                    fmt::format("unterminated {}-quoted value: the closing `{}` is missing",
                                quote == '"' ? "double" : "single", quote));
    d.help = fmt::format("add the closing `{}` at the end of the value", quote);
  }

  void record(std::size_t key_begin, std::size_t key_end, Value value) {
    std::string key(text_.substr(key_begin, key_end - key_begin));
    const ByteRange key_range{in_.base + key_begin, in_.base + key_end};
    const ByteRange value_range{in_.base + value.range.begin, in_.base + value.range.end};
    const auto [it, inserted] = first_defined_.emplace(key, key_range);
    std::string pointer = model::append_pointer("", key);
    if (!inserted) {
      auto d = make_diagnostic(rule::duplicate_key, Severity::error, in_.file, key_range.begin, key_range.end,
                               fmt::format("duplicate key {}; the last value wins and the first is silently lost",
                                           model::quote_for_message(key)));
      d.pointer = pointer;
      d.related.push_back({{in_.file, it->second.begin, it->second.end}, "first defined here"});
      d.help = "remove one of the two definitions";
      out_.diagnostics.push_back(std::move(d));
    }
    doc_.map.set(std::move(pointer), {key_range, value_range});
    doc_.value[std::move(key)] = std::move(value.text);
  }

  void add_comment(std::size_t begin, std::size_t end) {
    out_.comments.push_back({{in_.base + begin, in_.base + end}, std::string(text_.substr(begin, end - begin))});
  }

  /// Adds a CL0001 error at [begin, end) of the input text. `cuts_input`
  /// says whether the error drops bytes from the document.
  model::Diagnostic& error(std::size_t begin, std::size_t end, std::string message, bool cuts_input = true) {
    if (cuts_input) doc_.partial = true;
    out_.diagnostics.push_back(make_diagnostic(rule::syntax_error, Severity::error, in_.file, in_.base + begin,
                                               in_.base + end, std::move(message)));
    return out_.diagnostics.back();
  }

  const LoaderInput& in_;
  std::string_view text_;
  LoadResult& out_;
  model::Document doc_;
  std::unordered_map<std::string, ByteRange> first_defined_;
};

} // namespace

LoadResult load_dotenv(const LoaderInput& input) {
  LoadResult result;
  DotenvParser(input, result).run();
  return result;
}

} // namespace claudelint::source
