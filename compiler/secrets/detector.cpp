#include "secrets/detector.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string>
#include <vector>

#include "secrets/shapes.h"

namespace claudelint::secrets {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/// Shortest literal under a password key that is reported.
constexpr std::size_t min_password_length = 6;

/// A superset of the key names analyze_key can call secret, without
/// allocating: every one of them contains one of these words (in any case).
bool may_name_secret(std::string_view key) {
  // Keys are short: lowered once into a buffer, then searched word by word.
  char buffer[128];
  if (key.size() > sizeof buffer) return true; // rare: analyze_key decides
  std::transform(key.begin(), key.end(), buffer, ascii_lower);
  const std::string_view lowered(buffer, key.size());
  for (const std::string_view word : {"key", "token", "secret", "pass", "pwd", "credential", "private", "webhook",
                                      "pagerduty"})
    if (lowered.find(word) != std::string_view::npos) return true;
  return false;
}

/// What a key name says about its value. Words are split at `_`, `-`, `.`,
/// spaces and camelCase humps, so `serviceKey`, `service-key` and
/// `SERVICE_KEY` read alike.
struct KeyName {
  bool secret = false;    ///< is_secret_key_name, and not a name for metadata
  bool password = false;  ///< password / passwd / pwd / pass / passphrase
  bool pagerduty = false; ///< pagerduty*, service_key, routing_key, integration_key
  bool aws_secret = false;
};

/// `serviceKey` -> `service_key`, `AWSSecretKey` -> `aws_secret_key`.
std::string snake_case(std::string_view key) {
  std::string out;
  out.reserve(key.size() + 4);
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (c == '-' || c == '.' || c == ' ' || c == '_' || c == '/' || c == ':') {
      if (!out.empty() && out.back() != '_') out.push_back('_');
      continue;
    }
    if (is_upper(c) && i > 0) {
      const char prev = key[i - 1];
      const bool next_lower = i + 1 < key.size() && is_lower(key[i + 1]);
      if ((is_lower(prev) || is_digit(prev) || (is_upper(prev) && next_lower)) && !out.empty() && out.back() != '_')
        out.push_back('_');
    }
    out.push_back(ascii_lower(c));
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

/// A last word saying the value is about a secret, not the secret itself:
/// `api_key_header`, `private_key_path`, `token_ttl`, `secret_ref` …
bool is_metadata_word(std::string_view word) {
  static constexpr std::string_view words[] = {
      "ref",      "reference", "refs",      "file",     "files",   "path",     "paths",      "dir",
      "directory", "header",   "headers",   "name",     "names",   "env",      "var",        "variable",
      "id",       "ids",       "type",      "kind",     "length",  "len",      "size",       "ttl",
      "expiry",   "expires",   "expiration", "rotation", "format", "policy",   "source",     "location",
      "url",      "uri",       "endpoint",  "field",    "prefix",  "suffix",   "mode",       "hash",
      "checksum", "digest",    "fingerprint", "sha",    "sha1",    "sha256",   "algorithm",  "alg",
      "enabled",  "required",  "count",     "version",  "provider", "store",   "backend",    "arn",
      "label",    "description", "hint",    "template", "pattern", "regex",    "scope",      "scopes",
      "audience", "issuer",    "min",       "max",      "mount",   "command",  "cmd",        "helper",
      "days",     "seconds",   "hours",     "interval", "timeout", "param",    "parameter",  "query",
      "method",   "usage",     "owner",     "group",    "strength", "complexity"};
  return std::find(std::begin(words), std::end(words), word) != std::end(words);
}

/// Environment suffixes written after the real last word: CLAUDE_API_TOKEN_PROD.
bool is_environment_word(std::string_view word) {
  static constexpr std::string_view words[] = {"prod", "production", "staging", "stage", "stg",   "dev",
                                               "development", "test", "testing", "ci",  "qa",    "uat",
                                               "preprod", "local", "sandbox", "live", "primary", "secondary",
                                               "old", "new", "current", "previous", "next", "backup"};
  return std::find(std::begin(words), std::end(words), word) != std::end(words);
}

KeyName analyze_key(std::string_view key) {
  const std::string snake = snake_case(key);
  std::vector<std::string_view> words;
  for (std::size_t pos = 0; pos < snake.size();) {
    const auto end = std::min(snake.find('_', pos), snake.size());
    if (end > pos) words.push_back(std::string_view(snake).substr(pos, end - pos));
    pos = end + 1;
  }
  while (words.size() > 1 && (is_environment_word(words.back()) ||
                              std::all_of(words.back().begin(), words.back().end(), is_digit)))
    words.pop_back();
  KeyName name;
  if (words.empty()) return name;
  const std::string_view last = words.back();
  if (is_metadata_word(last)) return name;
  const std::string joined(std::string_view(snake).substr(0, static_cast<std::size_t>(last.end() - snake.data())));
  const bool is_public =
      std::any_of(words.begin(), words.end(), [](std::string_view w) { return w == "public" || w == "pub"; });
  name.password = last == "password" || last == "passwd" || last == "pwd" || last == "pass" ||
                  last == "passphrase" || last.ends_with("password") || last.ends_with("passwd");
  name.pagerduty = joined.find("pagerduty") != std::string::npos || joined.find("service_key") != std::string::npos ||
                   joined.find("routing_key") != std::string::npos ||
                   joined.find("integration_key") != std::string::npos;
  name.aws_secret = joined.find("aws_secret") != std::string::npos ||
                    joined.find("secret_access_key") != std::string::npos;
  name.secret = !is_public && (is_secret_key_name(joined) || name.password || name.pagerduty || name.aws_secret);
  return name;
}

/// A value naming where the secret lives instead of holding it: `${NAME}`,
/// `$NAME`, templates, secret-store references.
bool is_reference(std::string_view v) {
  if (v.front() == '$') return true;
  for (const std::string_view marker : {"${", "{{", "}}", "%(", "<%", "@Microsoft.KeyVault("})
    if (v.find(marker) != std::string_view::npos) return true;
  const std::string l = lowercase(v.substr(0, 32));
  for (const std::string_view prefix : {"vault:", "ref+", "op://", "arn:", "secretsmanager:", "ssm:", "env:",
                                        "file:", "sops:", "gcp-secret:", "awssm:", "azkv:"})
    if (l.starts_with(prefix)) return true;
  return false;
}

bool is_number(std::string_view v) {
  std::size_t i = v.front() == '-' || v.front() == '+' ? 1 : 0;
  bool digits = false, dot = false;
  for (; i < v.size(); ++i) {
    if (is_digit(v[i])) {
      digits = true;
    } else if (v[i] == '.' && !dot) {
      dot = true;
    } else if ((v[i] == 'e' || v[i] == 'E') && digits) {
      const std::string_view exponent = v.substr(i + 1);
      return !exponent.empty() && std::all_of(exponent.begin(), exponent.end(),
                                              [](char c) { return is_digit(c) || c == '-' || c == '+'; });
    } else {
      return false;
    }
  }
  return digits;
}

bool is_uuid(std::string_view v) {
  if (v.size() != 36) return false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? v[i] != '-' : !is_hex(v[i])) return false;
  }
  return true;
}

/// ALL_CAPS_WITH_UNDERSCORES: the name of a variable, not its value.
bool is_variable_name(std::string_view v) {
  return is_upper(v.front()) && v.find('_') != std::string_view::npos &&
         std::all_of(v.begin(), v.end(), [](char c) { return is_upper(c) || is_digit(c) || c == '_'; });
}

bool is_path(std::string_view v) {
  if (v.front() == '/' || v.front() == '~' || v.starts_with("./") || v.starts_with("../")) return true;
  if (v.size() > 2 && is_alpha(v[0]) && v[1] == ':' && (v[2] == '\\' || v[2] == '/')) return true;
  // secret/data/claude/prod, certs/server.key: lowercase segments, no base64 case mix.
  return v.find('/') != std::string_view::npos && std::all_of(v.begin(), v.end(), [](char c) {
           return is_lower(c) || is_digit(c) || c == '/' || c == '.' || c == '-' || c == '_';
         });
}

bool is_boolean_word(std::string_view l) {
  for (const std::string_view w : {"true", "false", "yes", "no", "on", "off", "null", "none", "nil", "~"})
    if (l == w) return true;
  return false;
}

/// What any judged literal must not be: a number, a boolean, a URL, a path,
/// a variable name, a run of one character (`******`).
bool is_plainly_not_secret(std::string_view v) {
  if (is_number(v) || is_boolean_word(lowercase(v)) || v.find("://") != std::string_view::npos || is_path(v) ||
      is_variable_name(v) || is_uuid(v))
    return true;
  return v.find_first_not_of(v.front()) == std::string_view::npos;
}

/// Words people write under a password key that are not a password.
bool is_password_policy_word(std::string_view v) {
  const std::string l = lowercase(v);
  for (const std::string_view w : {"required", "optional", "enabled", "disabled", "empty", "hidden", "masked",
                                   "redacted", "prompt", "secret", "password", "passwd", "generated", "random",
                                   "auto", "inherit", "inherited", "default", "unset", "keychain", "keyring",
                                   "external", "managed", "rotate", "rotated", "vault", "sops", "not-set",
                                   "not_set", "notset", "unknown", "missing", "blank", "nopass", "anonymous"})
    if (l == w) return true;
  return false;
}

/// `ClaudeProductionDeployment`: capitalised English words, not random text.
bool is_camel_words(std::string_view v) {
  std::size_t i = 0;
  while (i < v.size()) {
    if (!is_upper(v[i])) return false;
    std::size_t j = i + 1;
    while (j < v.size() && is_lower(v[j])) ++j;
    if (j - i < 3) return false;
    i = j;
  }
  return true;
}

/// A cloud resource id: `subnet-0a1b2c3d4e5f67890`, `sg-0123abcd`, `i-…`.
bool is_resource_id(std::string_view v) {
  const auto dash = v.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash > 12) return false;
  const std::string_view word = v.substr(0, dash), id = v.substr(dash + 1);
  return std::all_of(word.begin(), word.end(), is_lower) && id.size() >= 8 && id.size() <= 17 &&
         std::all_of(id.begin(), id.end(), [](char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); });
}

struct CharClasses {
  int lower = 0, upper = 0, digit = 0, other = 0;
  int kinds() const { return (lower > 0) + (upper > 0) + (digit > 0); }
};

CharClasses classes(std::string_view v) {
  CharClasses c;
  for (const char ch : v) {
    if (is_lower(ch)) ++c.lower;
    else if (is_upper(ch)) ++c.upper;
    else if (is_digit(ch)) ++c.digit;
    else ++c.other;
  }
  return c;
}

/// A 32-character PagerDuty Events v2 routing / integration key.
bool is_pagerduty_value(std::string_view v) {
  return v.size() == 32 &&
         std::all_of(v.begin(), v.end(), [](char c) { return is_alnum(c) || c == '+' || c == '_' || c == '-'; }) &&
         classes(v).kinds() >= 2 && shannon_entropy(v) >= 3.0 && !looks_dummy(v);
}

/// A 40-character AWS secret access key (base64 alphabet).
bool is_aws_secret_value(std::string_view v) {
  return v.size() == 40 &&
         std::all_of(v.begin(), v.end(), [](char c) { return is_alnum(c) || c == '/' || c == '+' || c == '='; }) &&
         classes(v).kinds() >= 2 && shannon_entropy(v) >= 3.5 && !looks_dummy(v);
}

bool is_password_value(std::string_view v) {
  // Digits and separators only: a range, a time, a version (`pass: 200-299`).
  const bool numeric = std::all_of(v.begin(), v.end(), [](char c) {
    return is_digit(c) || c == '-' || c == '.' || c == ':' || c == '/' || c == ',';
  });
  return v.size() >= min_password_length && !numeric && std::none_of(v.begin(), v.end(), is_space) &&
         !is_plainly_not_secret(v) && !is_password_policy_word(v);
}

/// A random-looking token: long, no whitespace, several character classes,
/// and enough entropy that it is not a word, an identifier or a hash-free id.
bool is_high_entropy_value(std::string_view v) {
  if (v.size() < 16 || v.size() > 4096) return false;
  if (std::any_of(v.begin(), v.end(), [](char c) { return is_space(c) || static_cast<unsigned char>(c) >= 0x80; }))
    return false;
  if (is_plainly_not_secret(v) || looks_dummy(v) || is_camel_words(v)) return false;
  const std::string head = lowercase(v.substr(0, 8));
  for (const std::string_view prefix :
       {"data:", "sha1-", "sha256-", "sha384-", "sha512-", "sha256:", "sha512:", "md5:"})
    if (head.starts_with(prefix)) return false;
  if (is_resource_id(v)) return false;
  const CharClasses c = classes(v);
  const double entropy = shannon_entropy(v);
  const bool hex = c.other == 0 && std::all_of(v.begin(), v.end(), is_hex) && (c.lower == 0 || c.upper == 0);
  if (hex) return v.size() >= 32 && entropy >= 3.0;
  // kebab/snake/dotted identifiers: claude-gw-prod-eu-west-1.
  if (c.upper == 0) {
    const auto separators =
        std::count_if(v.begin(), v.end(), [](char ch) { return ch == '-' || ch == '_' || ch == '.'; });
    if (separators >= 2) return false;
  }
  if (v.size() < 20) return c.kinds() == 3 && entropy >= 3.3;
  return c.kinds() >= 2 && entropy >= 3.5;
}

std::size_t utf8_length(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

/// The part of `secret` that identifies its kind and nothing else.
std::string_view fixed_prefix(std::string_view secret, SecretKind kind) {
  const auto if_prefix = [&](std::string_view p) { return secret.starts_with(p) ? p : std::string_view{}; };
  switch (kind) {
  case SecretKind::anthropic_api_key:
  case SecretKind::anthropic_admin_key: return if_prefix("sk-ant-");
  case SecretKind::environment_api_key: {
    const auto dash = secret.find('-', 3);
    return secret.starts_with("sk-") && dash != std::string_view::npos && dash <= 8 ? secret.substr(0, dash + 1)
                                                                                     : std::string_view{};
  }
  case SecretKind::slack_webhook: {
    for (const std::string_view path : {"/services/", "/workflows/", "/triggers/"}) {
      const auto at = secret.find(path);
      if (at != std::string_view::npos && (secret.starts_with("https://hooks.slack.com") ||
                                           secret.starts_with("http://hooks.slack.com") ||
                                           secret.starts_with("hooks.slack.com")))
        return secret.substr(0, at + path.size());
    }
    return {};
  }
  case SecretKind::private_key: {
    if (!secret.starts_with("-----BEGIN ")) return {};
    const auto close = secret.find("-----", 11);
    return close == std::string_view::npos ? std::string_view{} : secret.substr(0, close + 5);
  }
  case SecretKind::aws_access_key_id: return secret.size() > 4 ? if_prefix(secret.substr(0, 4)) : std::string_view{};
  case SecretKind::gcp_api_key: return if_prefix("AIza");
  case SecretKind::github_token:
    if (secret.starts_with("github_pat_")) return secret.substr(0, 11);
    return secret.size() > 4 && secret.starts_with("gh") && secret[3] == '_' ? secret.substr(0, 4) : std::string_view{};
  case SecretKind::pagerduty_key:
  case SecretKind::url_credentials:
  case SecretKind::aws_secret_key:
  case SecretKind::high_entropy:
  case SecretKind::password: return {};
  }
  return {};
}

} // namespace

std::string_view describe(SecretKind kind) {
  switch (kind) {
  case SecretKind::anthropic_api_key: return "Anthropic API key";
  case SecretKind::anthropic_admin_key: return "Anthropic admin key";
  case SecretKind::environment_api_key: return "environment API key";
  case SecretKind::slack_webhook: return "Slack webhook URL";
  case SecretKind::pagerduty_key: return "PagerDuty integration key";
  case SecretKind::private_key: return "private key";
  case SecretKind::url_credentials: return "password in a URL";
  case SecretKind::aws_access_key_id: return "AWS access key id";
  case SecretKind::aws_secret_key: return "AWS secret access key";
  case SecretKind::gcp_api_key: return "GCP API key";
  case SecretKind::github_token: return "GitHub token";
  case SecretKind::high_entropy: return "high-entropy secret";
  case SecretKind::password: return "password";
  }
  return "secret";
}

std::string_view kind_name(SecretKind kind) {
  switch (kind) {
  case SecretKind::anthropic_api_key: return "anthropic-api-key";
  case SecretKind::anthropic_admin_key: return "anthropic-admin-key";
  case SecretKind::environment_api_key: return "environment-api-key";
  case SecretKind::slack_webhook: return "slack-webhook";
  case SecretKind::pagerduty_key: return "pagerduty-key";
  case SecretKind::private_key: return "private-key";
  case SecretKind::url_credentials: return "url-credentials";
  case SecretKind::aws_access_key_id: return "aws-access-key-id";
  case SecretKind::aws_secret_key: return "aws-secret-key";
  case SecretKind::gcp_api_key: return "gcp-api-key";
  case SecretKind::github_token: return "github-token";
  case SecretKind::high_entropy: return "high-entropy";
  case SecretKind::password: return "password";
  }
  return "secret";
}

std::optional<SecretKind> kind_from_name(std::string_view name) {
  for (int k = 0; k <= static_cast<int>(SecretKind::password); ++k)
    if (kind_name(static_cast<SecretKind>(k)) == name) return static_cast<SecretKind>(k);
  return std::nullopt;
}

namespace {

/// Whether `text` starts with `prefix` (lowercase), ignoring ASCII case.
bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (ascii_lower(text[i]) != prefix[i]) return false;
  return true;
}

} // namespace

// Asked of every string value of every environment (CL8001), so it
// allocates nothing.
bool looks_like_placeholder(std::string_view value) {
  if (value.empty()) return false;
  if (value.ends_with("...") || value.ends_with("\u2026")) return true; // sk-prod-..., https://hooks.slack.com/...
  for (const std::string_view prefix : {"your-", "your_", "<your"})
    if (starts_with_ignoring_case(value, prefix)) return true;
  if (value.front() == '<' && value.back() == '>') return true; // <api-key>
  for (const std::string_view word : {"changeme", "change-me", "change_me", "replace-me", "replace_me", "replaceme",
                                      "todo", "fixme", "tbd", "placeholder"})
    if (starts_with_ignoring_case(value, word) &&
        (value.size() == word.size() || value[word.size()] == '-' || value[word.size()] == '_'))
      return true;
  return value.size() >= 3 && value.find_first_not_of("xX") == std::string_view::npos; // xxx
}

bool is_secret_key_name(std::string_view key) {
  const std::string l = lowercase(key);
  static constexpr std::string_view words[] = {"token",      "secret",  "password",    "passwd",
                                               "apikey",     "api_key", "webhook",     "credential",
                                               "private",    "service_key", "routing_key", "integration_key"};
  for (const auto word : words)
    if (l.find(word) != std::string::npos) return true;
  return l == "key" || l.ends_with("_key") || l.ends_with("-key");
}

std::optional<SecretMatch> classify_value(std::string_view key, std::string_view value) {
  auto found = scan_text(value);
  if (!found.empty()) return std::move(found.front());

  std::size_t begin = 0, end = value.size();
  while (begin < end && is_space(value[begin])) ++begin;
  while (end > begin && is_space(value[end - 1])) --end;
  const std::string_view v = value.substr(begin, end - begin);
  // Cheap tests first: most values are short or sit under keys like
  // `region` that no secret word is part of.
  if (v.size() < min_password_length || !may_name_secret(key)) return std::nullopt;
  const KeyName name = analyze_key(key);
  if (!name.secret || is_reference(v) || looks_like_placeholder(v)) return std::nullopt;
  const auto match = [&](SecretKind kind) { return SecretMatch{begin, end, kind, {}}; };
  if (name.pagerduty && is_pagerduty_value(v)) return match(SecretKind::pagerduty_key);
  if (name.aws_secret && is_aws_secret_value(v)) return match(SecretKind::aws_secret_key);
  if (name.password && is_password_value(v)) return match(SecretKind::password);
  if (is_high_entropy_value(v)) return match(SecretKind::high_entropy);
  return std::nullopt;
}

std::optional<std::string> environment_scheme(std::string_view value) {
  if (!value.starts_with("sk-") || looks_like_placeholder(value)) return std::nullopt;
  for (const std::string_view scheme : environment_schemes) {
    if (value.size() <= 4 + scheme.size() || value.substr(3, scheme.size()) != scheme ||
        value[3 + scheme.size()] != '-')
      continue;
    const std::string_view body = value.substr(4 + scheme.size());
    if (std::all_of(body.begin(), body.end(), is_key_body_char) && !looks_dummy(body)) return std::string(scheme);
  }
  return std::nullopt;
}

std::string redact(std::string_view secret, SecretKind kind) {
  const std::string_view prefix = fixed_prefix(secret, kind);
  std::string out(prefix);
  out += "\u2026";
  const std::string_view rest = secret.substr(prefix.size());
  // A private key's last characters are its footer's dashes, or key
  // material when the block is cut off: neither is worth showing.
  if (kind != SecretKind::private_key && utf8_length(secret) >= 24 && utf8_length(rest) > 8) {
    std::size_t tail = rest.size();
    for (int chars = 0; chars < 4 && tail > 0;) {
      --tail;
      if ((static_cast<unsigned char>(rest[tail]) & 0xC0) != 0x80) ++chars;
    }
    const std::string_view last = rest.substr(tail);
    if (std::all_of(last.begin(), last.end(), [](char c) { return static_cast<unsigned char>(c) > ' ' && c != 0x7F; }))
      out += last;
  }
  out += " (" + std::to_string(utf8_length(secret)) + " chars)";
  return out;
}

double shannon_entropy(std::string_view text) {
  if (text.empty()) return 0.0;
  std::array<std::size_t, 256> counts{};
  for (const char c : text) ++counts[static_cast<unsigned char>(c)];
  double bits = 0.0;
  const double n = static_cast<double>(text.size());
  for (const std::size_t count : counts) {
    if (count == 0) continue;
    const double p = static_cast<double>(count) / n;
    bits -= p * std::log2(p);
  }
  return bits;
}

} // namespace claudelint::secrets
