#pragma once
// Recognizes credentials in text: distinctive token shapes anywhere
// (Anthropic keys, the guide's sk-prod-/sk-test-/sk-dev-/sk-ci- scheme,
// Slack webhooks, private key blocks, credentials in URLs, AWS/GCP/GitHub
// tokens), and, where a key name says a value is secret, context shapes
// (PagerDuty keys, AWS secret keys, high-entropy strings, passwords).
// Placeholders (`sk-prod-...`, `your-pagerduty-key`) are never secrets: they
// are the placeholder rules' business. Nothing here ever returns or prints a
// value except `redact`, whose output is safe to show.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace claudelint::secrets {

enum class SecretKind {
  anthropic_api_key,   ///< sk-ant-api03-…
  anthropic_admin_key, ///< sk-ant-admin01-…
  environment_api_key, ///< the guide's sk-prod-… / sk-test-… / sk-dev-… / sk-ci-…
  slack_webhook,       ///< https://hooks.slack.com/services/T…/B…/…
  pagerduty_key,       ///< 32-character integration/routing key under a PagerDuty-like key
  private_key,         ///< -----BEGIN … PRIVATE KEY----- block
  url_credentials,     ///< scheme://user:password@host
  aws_access_key_id,   ///< AKIA… / ASIA…
  aws_secret_key,      ///< 40-character secret under an aws secret key name
  gcp_api_key,         ///< AIza…
  github_token,        ///< ghp_/gho_/ghu_/ghs_/ghr_…, github_pat_…
  high_entropy,        ///< a random-looking string under a secret-looking key
  password,            ///< a literal under a password-like key
};

/// "Anthropic API key", "Slack webhook URL" …
std::string_view describe(SecretKind kind);
/// Stable kebab-case name for machine output: "anthropic-api-key" …
std::string_view kind_name(SecretKind kind);

/// One credential found in a text: [begin, end) are byte offsets into the
/// text that was scanned; for url_credentials, the password part only.
struct SecretMatch {
  std::size_t begin = 0;
  std::size_t end = 0;
  SecretKind kind = SecretKind::high_entropy;
  /// For environment_api_key: the scheme word after `sk-` ("prod", "test",
  /// "dev", "ci"); empty otherwise.
  std::string scheme;
};

/// Every credential with a distinctive shape anywhere in `text` (a whole
/// file, a comment, a value), in order, non-overlapping. Placeholders and
/// `${NAME}` references are skipped, and so is a shape glued to a longer
/// word or base64 run (`mask-prod-…`, `sha512-…AKIA…`). One pass, linear in
/// the size of `text`; docs/secrets.md lists the shapes.
std::vector<SecretMatch> scan_text(std::string_view text);

/// The kind whose kind_name is `name`, if any.
std::optional<SecretKind> kind_from_name(std::string_view name);

/// Judges one value written under `key` (a JSON/YAML key, a .env or shell
/// variable name): the distinctive shapes first (the first one found), then
/// the shapes only a key name makes meaningful — a PagerDuty key, an AWS
/// secret key, a password, a high-entropy string — for the whole value
/// without its surrounding whitespace. Offsets are relative to `value`.
std::optional<SecretMatch> classify_value(std::string_view key, std::string_view value);

/// True when a key name says its value is a credential: token, secret,
/// password, passwd, api_key/apikey, webhook, credential, private,
/// service_key, routing_key, integration_key, `key`, `*_key`, `*-key`
/// (case-insensitive).
bool is_secret_key_name(std::string_view key);

/// True for a value that was never filled in: the guide's own
/// `your-pagerduty-key`, `sk-prod-...`, `https://hooks.slack.com/...`, and
/// the usual changeme / TODO / <…> / xxx markers.
bool looks_like_placeholder(std::string_view value);

/// The scheme word of a guide-style key value (`sk-prod-…` → "prod"), when
/// the whole value is `sk-<scheme>-` and a body of `[A-Za-z0-9_-]` that is
/// not a placeholder. Any body length: a short test value still says which
/// environment it was issued for, though scan_text reports only 16 or more.
std::optional<std::string> environment_scheme(std::string_view value);

/// What may be shown of a secret: a recognizable prefix (at most the
/// kind's fixed prefix, e.g. `sk-ant-`, and only when `secret` starts with
/// it), an ellipsis, the last four characters when the secret is long
/// enough (≥ 24 characters) to keep them, and the length in UTF-8
/// characters: `sk-ant-…a1B2 (108 chars)`. A private key shows its BEGIN
/// line and never its last characters (footer dashes, or key material when
/// the block is cut off).
std::string redact(std::string_view secret, SecretKind kind);

/// Shannon entropy of `text` in bits per byte.
double shannon_entropy(std::string_view text);

} // namespace claudelint::secrets
