// scan_text: the credentials with a shape of their own, found anywhere in a
// text by one pass over its bytes. Each shape starts with a fixed anchor
// (`sk-`, `hooks.slack.com/`, `-----BEGIN `, `AKIA`/`ASIA`, `AIza`, `gh?_`,
// `github_pat_`, `://`); only bytes that can start an anchor are looked at
// twice, and no regex is involved.
#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "secrets/detector.h"
#include "secrets/shapes.h"

namespace claudelint::secrets {

namespace {

constexpr std::size_t npos = std::string_view::npos;
/// Longest `user:password@host` looked at in a URL.
constexpr std::size_t max_authority = 1024;

/// Bytes that glue a token to its neighbours inside an identifier or a
/// base64 blob: a shape preceded or followed by one is part of something
/// larger (`sha512-…AKIA…`, `mask-prod-…`) and is not reported.
bool is_glue(char c) { return is_alnum(c) || c == '_' || c == '-' || c == '+' || c == '/'; }

std::size_t span(std::string_view text, std::size_t pos, bool (*accept)(char)) {
  while (pos < text.size() && accept(text[pos])) ++pos;
  return pos;
}

bool is_aws_char(char c) { return is_upper(c) || is_digit(c); }
bool is_github_pat_char(char c) { return is_alnum(c) || c == '_'; }
bool is_scheme_char(char c) { return is_alnum(c) || c == '+' || c == '.' || c == '-'; }
bool is_base64_char(char c) { return is_alnum(c) || c == '+' || c == '/' || c == '='; }

/// Ends an URL's authority (`user:password@host`): path, query, fragment,
/// whitespace, quotes and the brackets text puts around URLs.
bool ends_authority(char c) {
  switch (c) {
  case '/': case '?': case '#': case ' ': case '\t': case '\r': case '\n': case '"': case '\'': case '`':
  case '<': case '>': case '\\': case ',': case ';': case '|': case '(': case ')': return true;
  default: return false;
  }
}

/// Passwords that only show how a URL is written: `postgres://user:password@db`.
bool is_example_password(std::string_view password) {
  const std::string l = lowercase(password);
  for (const std::string_view w : {"password", "passwd", "pass", "pwd", "pw", "secret", "changeme", "redacted",
                                   "hidden", "masked", "example", "pass123", "password123", "foo", "bar", "baz",
                                   "qux", "test", "demo"})
    if (l == w) return true;
  return l.find_first_not_of(l.front()) == std::string::npos; // ***, xxx
}

/// How many base64 characters (up to 64) open a PEM body, across line
/// breaks, indentation and JSON's `\n` escapes, after the RFC 1421 header
/// lines of a legacy encrypted key (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`).
std::size_t base64_run(std::string_view body) {
  std::size_t i = 0;
  const auto skip_breaks = [&] {
    while (i < body.size()) {
      if (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n') ++i;
      else if (body[i] == '\\' && i + 1 < body.size() && (body[i + 1] == 'n' || body[i + 1] == 'r')) i += 2;
      else break;
    }
  };
  skip_breaks();
  for (int headers = 0; headers < 4; ++headers) {
    std::size_t word = i;
    while (word < body.size() && word - i < 32 && (is_alnum(body[word]) || body[word] == '-')) ++word;
    if (word == i || word >= body.size() || body[word] != ':') break;
    // Header lines are short: looked for within 256 bytes, so that a body
    // of `a:` repeated stays linear.
    const std::string_view rest = body.substr(word, 256);
    const std::size_t line_end = std::min(rest.find('\n'), rest.find("\\n"));
    if (line_end == npos) return 0;
    i = word + line_end;
    skip_breaks();
  }
  std::size_t count = 0;
  for (; i < body.size() && count < 64; ++i) {
    if (is_base64_char(body[i])) ++count;
    else if (body[i] == '\\' || body[i] == '\n' || body[i] == '\r' || body[i] == ' ' || body[i] == '\t') {
      const std::size_t before = i;
      skip_breaks();
      if (i == before) return count; // a backslash that is not a line break
      --i;
    } else {
      return count;
    }
  }
  return count;
}

/// A token body drawn at random mixes character classes and is not a
/// dashed lowercase slug (`sk-dev-environment-setup-guide`).
bool looks_random(std::string_view body) {
  bool lower = false, upper = false, digit = false;
  int separators = 0;
  for (const char c : body) {
    lower = lower || is_lower(c);
    upper = upper || is_upper(c);
    digit = digit || is_digit(c);
    if (c == '-' || c == '_') ++separators;
  }
  if (int(lower) + int(upper) + int(digit) < 2) return false;
  return upper || separators < 2;
}

bool is_local_host(std::string_view host) {
  for (const std::string_view local : {"localhost", "127.", "[::1]", "0.0.0.0"})
    if (host.starts_with(local)) return true;
  return false;
}

class Scanner {
public:
  explicit Scanner(std::string_view text) : text_(text) {}

  /// Scans [0, size); `urls` off when scanning a URL's password for a token.
  std::vector<SecretMatch> run(bool urls) {
    // Only these bytes can start (or, for `://`, sit inside) an anchor.
    static constexpr auto anchors = [] {
      std::array<bool, 256> t{};
      for (const unsigned char c : std::string_view("shg-A:")) t[c] = true;
      return t;
    }();
    const std::size_t n = text_.size();
    for (std::size_t i = 0; i < n; ++i) {
      if (!anchors[static_cast<unsigned char>(text_[i])]) continue;
      std::optional<SecretMatch> m;
      switch (text_[i]) {
      case 's': m = sk_key(i); break;
      case 'h': m = slack_webhook(i); break;
      case 'g': m = github_token(i); break;
      case '-': m = private_key(i); break;
      case 'A': m = aws_or_gcp(i); break;
      case ':':
        if (urls) m = url_credentials(i);
        break;
      default: break;
      }
      if (!m) continue;
      i = m->end - 1;
      out_.push_back(std::move(*m));
    }
    return std::move(out_);
  }

private:
  static bool is_random(std::string_view body) { return looks_random(body) && !looks_dummy(body); }
  bool at(std::size_t pos, std::string_view anchor) const { return text_.substr(pos, anchor.size()) == anchor; }
  bool free_before(std::size_t pos) const { return pos == 0 || !is_glue(text_[pos - 1]); }
  bool free_after(std::size_t pos) const { return pos >= text_.size() || !is_glue(text_[pos]); }
  std::string_view slice(std::size_t begin, std::size_t end) const { return text_.substr(begin, end - begin); }

  static SecretMatch make(std::size_t begin, std::size_t end, SecretKind kind, std::string scheme = {}) {
    return SecretMatch{begin, end, kind, std::move(scheme)};
  }

  /// `sk-ant-api03-…`, `sk-ant-admin01-…`, `sk-prod-…` / test / dev / ci.
  std::optional<SecretMatch> sk_key(std::size_t i) const {
    if (!at(i, "sk-") || !free_before(i)) return std::nullopt;
    std::size_t p = i + 3;
    if (at(p, "ant-")) {
      p += 4;
      const bool admin = at(p, "admin");
      if (!admin && !at(p, "api")) return std::nullopt;
      const SecretKind kind = admin ? SecretKind::anthropic_admin_key : SecretKind::anthropic_api_key;
      p += admin ? 5 : 3;
      if (p + 3 > text_.size() || !is_digit(text_[p]) || !is_digit(text_[p + 1]) || text_[p + 2] != '-')
        return std::nullopt;
      p += 3;
      const std::size_t end = span(text_, p, is_key_body_char);
      if (end - p < 20 || !free_after(end) || !is_random(slice(p, end))) return std::nullopt;
      return make(i, end, kind);
    }
    for (const std::string_view scheme : environment_schemes) {
      if (!at(p, scheme) || p + scheme.size() >= text_.size() || text_[p + scheme.size()] != '-') continue;
      const std::size_t body = p + scheme.size() + 1;
      const std::size_t end = span(text_, body, is_key_body_char);
      if (end - body < 16 || !free_after(end) || !is_random(slice(body, end))) return std::nullopt;
      return make(i, end, SecretKind::environment_api_key, std::string(scheme));
    }
    return std::nullopt;
  }

  /// `https://hooks.slack.com/services/T…/B…/<secret>`, also `/workflows/`
  /// and `/triggers/` URLs: the whole URL.
  std::optional<SecretMatch> slack_webhook(std::size_t i) const {
    if (!at(i, "hooks.slack.com/")) return std::nullopt;
    if (i > 0 && (is_alnum(text_[i - 1]) || text_[i - 1] == '.' || text_[i - 1] == '-')) return std::nullopt;
    std::size_t begin = i;
    if (i >= 8 && at(i - 8, "https://")) begin = i - 8;
    else if (i >= 7 && at(i - 7, "http://")) begin = i - 7;
    std::size_t p = i + 16;
    if (at(p, "services/")) p += 9;
    else if (at(p, "workflows/")) p += 10;
    else if (at(p, "triggers/")) p += 9;
    else return std::nullopt;
    const std::size_t path_begin = p;
    std::size_t segments = 0, last_begin = p, end = p;
    while (true) {
      const std::size_t seg_end = span(text_, p, is_key_body_char);
      if (seg_end == p) break;
      ++segments;
      last_begin = p;
      end = seg_end;
      if (seg_end + 1 >= text_.size() || text_[seg_end] != '/' || !is_key_body_char(text_[seg_end + 1])) break;
      p = seg_end + 1;
    }
    if (segments < 3 || text_[path_begin] != 'T') return std::nullopt;
    const std::size_t team_end = span(text_, path_begin + 1, is_aws_char);
    if (team_end - path_begin < 8 || (team_end < text_.size() && text_[team_end] != '/')) return std::nullopt;
    const std::string_view secret = slice(last_begin, end);
    if (secret.size() < 16 || !std::all_of(secret.begin(), secret.end(), is_alnum) || !free_after(end) ||
        !is_random(secret) || looks_dummy(slice(path_begin, last_begin)))
      return std::nullopt;
    return make(begin, end, SecretKind::slack_webhook);
  }

  /// `-----BEGIN … PRIVATE KEY( BLOCK)?-----` through its END line, or to
  /// the end of the text when it has none.
  std::optional<SecretMatch> private_key(std::size_t i) {
    if (!at(i, "-----BEGIN ")) return std::nullopt;
    const std::size_t label_begin = i + 11;
    const std::size_t label_end = span(text_, label_begin, [](char c) { return is_upper(c) || c == ' '; });
    if (!at(label_end, "-----")) return std::nullopt;
    const std::string_view label = slice(label_begin, label_end);
    if (!label.ends_with("PRIVATE KEY") && !label.ends_with("PRIVATE KEY BLOCK")) return std::nullopt;
    const std::size_t body_begin = label_end + 5;
    const std::size_t footer = next_footer(body_begin);
    std::size_t end = text_.size();
    if (footer != npos) {
      const std::size_t line_end = std::min(text_.find('\n', footer), text_.size());
      const std::size_t close = slice(footer + 9, line_end).find("-----");
      end = close == npos ? line_end : footer + 9 + close + 5;
    }
    // A real key's body opens with lines of base64; a documentation stub
    // (`...`, `<key here>`, `MIIE…`) has a few characters of it or none.
    const std::string_view body = slice(body_begin, footer == npos ? end : footer);
    if (base64_run(body) < 64) return std::nullopt;
    const std::string_view head = body.substr(0, 256);
    for (const std::string_view stub : {"...", "\u2026", "<", ">", "xxxx", "XXXX"})
      if (head.find(stub) != npos) return std::nullopt;
    return make(i, end, SecretKind::private_key);
  }

  /// The first `-----END ` at or after `from`. Remembered, so that many
  /// BEGIN lines without an END do not each search the rest of the text.
  std::size_t next_footer(std::size_t from) {
    if (footer_searched_ && (footer_ == npos || footer_ >= from)) return footer_;
    footer_ = text_.find("-----END ", from);
    footer_searched_ = true;
    return footer_;
  }

  /// `AKIA`/`ASIA` + 16 (AWS access key id), `AIza` + 35 (GCP API key).
  std::optional<SecretMatch> aws_or_gcp(std::size_t i) const {
    if (!free_before(i)) return std::nullopt;
    if (at(i, "AKIA") || at(i, "ASIA")) {
      const std::size_t end = span(text_, i + 4, is_aws_char);
      if (end - i != 20 || !free_after(end) || looks_dummy(slice(i + 4, end))) return std::nullopt;
      return make(i, end, SecretKind::aws_access_key_id);
    }
    if (at(i, "AIza")) {
      const std::size_t end = span(text_, i + 4, is_key_body_char);
      if (end - i != 39 || !free_after(end) || !is_random(slice(i + 4, end))) return std::nullopt;
      return make(i, end, SecretKind::gcp_api_key);
    }
    return std::nullopt;
  }

  /// `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` + 36 or more, `github_pat_` + 60 or more.
  std::optional<SecretMatch> github_token(std::size_t i) const {
    if (!free_before(i) || i + 4 > text_.size()) return std::nullopt;
    std::size_t body = 0, min = 0;
    bool (*accept)(char) = is_alnum;
    if (at(i, "github_pat_")) {
      body = i + 11;
      min = 60;
      accept = is_github_pat_char;
    } else if (text_[i + 1] == 'h' && std::string_view("pousr").find(text_[i + 2]) != npos && text_[i + 3] == '_') {
      body = i + 4;
      min = 36;
    } else {
      return std::nullopt;
    }
    const std::size_t end = span(text_, body, accept);
    if (end - body < min || end - body > 255 || !free_after(end) || !is_random(slice(body, end))) return std::nullopt;
    return make(i, end, SecretKind::github_token);
  }

  /// `scheme://user:password@host`: the password, unless it is empty, a
  /// reference or an example. A token with a shape of its own used as the
  /// password is reported as that token.
  std::optional<SecretMatch> url_credentials(std::size_t i) const {
    if (!at(i, "://")) return std::nullopt;
    const std::size_t scheme_begin = [&] {
      std::size_t b = i;
      while (b > 0 && is_scheme_char(text_[b - 1])) --b;
      return b;
    }();
    if (scheme_begin == i || !is_alpha(text_[scheme_begin])) return std::nullopt;
    // userinfo@host is short; a longer run is not an authority, and the cap
    // keeps a line of many `://` linear.
    const std::size_t authority = i + 3;
    const std::size_t limit = std::min(text_.size(), authority + max_authority);
    std::size_t end = authority;
    while (end < limit && !ends_authority(text_[end])) ++end;
    if (end == limit && limit < text_.size()) return std::nullopt;
    const std::string_view auth = slice(authority, end);
    const std::size_t at_sign = auth.rfind('@');
    if (at_sign == npos || at_sign + 1 == auth.size()) return std::nullopt;
    const std::string_view host = auth.substr(at_sign + 1);
    if (host.starts_with("sha256:") || host.starts_with("sha512:")) return std::nullopt; // image@digest
    const std::size_t colon = auth.find(':');
    if (colon == npos || colon > at_sign) return std::nullopt;
    const std::string_view user = auth.substr(0, colon);
    const std::string_view password = auth.substr(colon + 1, at_sign - colon - 1);
    // postgres:postgres@localhost: a local service's default account.
    if (password == user && is_local_host(host)) return std::nullopt;
    if (password.empty() || password.front() == '$' || password.find("${") != npos ||
        password.find("{{") != npos || password.find("%(") != npos || looks_like_placeholder(password) ||
        is_example_password(password))
      return std::nullopt;
    if (password.size() <= 5 && std::all_of(password.begin(), password.end(), is_digit)) return std::nullopt; // a port
    const std::size_t begin = authority + colon + 1;
    auto inner = Scanner(password).run(/*urls=*/false);
    if (!inner.empty()) {
      SecretMatch m = std::move(inner.front());
      m.begin += begin;
      m.end += begin;
      return m;
    }
    return make(begin, begin + password.size(), SecretKind::url_credentials);
  }

  std::string_view text_;
  std::vector<SecretMatch> out_;
  bool footer_searched_ = false;
  std::size_t footer_ = npos;
};

} // namespace

bool looks_dummy(std::string_view body) {
  if (body.empty() || body.find_first_not_of(body.front()) == npos) return true;
  const std::string l = lowercase(body);
  for (const std::string_view marker : {"example", "xxxx", "****", "....", "your", "placeholder", "redacted", "dummy",
                                        "sample", "changeme", "replace", "insert", "fake", "0000000", "1234567",
                                        "abcdefg", "<", ">"})
    if (l.find(marker) != std::string::npos) return true;
  return body.size() >= 16 && shannon_entropy(body) < 3.0;
}

std::vector<SecretMatch> scan_text(std::string_view text) { return Scanner(text).run(/*urls=*/true); }

} // namespace claudelint::secrets
