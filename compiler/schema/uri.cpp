#include "schema/uri.h"

#include <cctype>

#include "support/hex.h"

namespace claudelint::schema::uri {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// RFC 3986 §5.2.4.
std::string remove_dot_segments(std::string_view input) {
  std::string in(input);
  std::string out;
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.erase(0, 3);
    } else if (in.starts_with("./")) {
      in.erase(0, 2);
    } else if (in.starts_with("/./")) {
      in.erase(0, 2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      in = in == "/.." ? std::string("/") : in.substr(3);
      const auto slash = out.rfind('/');
      out.erase(slash == std::string::npos ? 0 : slash);
    } else if (in == "." || in == "..") {
      in.clear();
    } else {
      const auto next = in.find('/', in.front() == '/' ? 1 : 0);
      const auto length = next == std::string::npos ? in.size() : next;
      out.append(in, 0, length);
      in.erase(0, length);
    }
  }
  return out;
}

std::string merge(const Parts& base, std::string_view path) {
  if (base.authority && base.path.empty()) return "/" + std::string(path);
  const auto slash = base.path.rfind('/');
  if (slash == std::string::npos) return std::string(path);
  return base.path.substr(0, slash + 1) + std::string(path);
}

} // namespace

Parts parse(std::string_view reference) {
  Parts parts;
  std::string_view rest = reference;
  // scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" before any of "/?#".
  const auto colon = rest.find(':');
  const auto delimiter = rest.find_first_of("/?#");
  if (colon != std::string_view::npos && colon > 0 && (delimiter == std::string_view::npos || colon < delimiter)) {
    parts.scheme = std::string(rest.substr(0, colon));
    rest.remove_prefix(colon + 1);
  }
  if (const auto hash = rest.find('#'); hash != std::string_view::npos) {
    parts.fragment = std::string(rest.substr(hash + 1));
    rest = rest.substr(0, hash);
  }
  if (const auto question = rest.find('?'); question != std::string_view::npos) {
    parts.query = std::string(rest.substr(question + 1));
    rest = rest.substr(0, question);
  }
  if (rest.starts_with("//")) {
    rest.remove_prefix(2);
    const auto slash = rest.find('/');
    parts.authority = std::string(rest.substr(0, slash));
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  }
  parts.path = std::string(rest);
  return parts;
}

std::string recompose(const Parts& parts) {
  std::string out;
  if (parts.scheme) out += *parts.scheme + ":";
  if (parts.authority) out += "//" + *parts.authority;
  out += parts.path;
  if (parts.query) out += "?" + *parts.query;
  if (parts.fragment) out += "#" + *parts.fragment;
  return out;
}

std::string resolve(std::string_view base_text, std::string_view reference) {
  const Parts r = parse(reference);
  const Parts base = parse(base_text);
  Parts t;
  if (r.scheme) {
    t.scheme = r.scheme;
    t.authority = r.authority;
    t.path = remove_dot_segments(r.path);
    t.query = r.query;
  } else {
    if (r.authority) {
      t.authority = r.authority;
      t.path = remove_dot_segments(r.path);
      t.query = r.query;
    } else {
      if (r.path.empty()) {
        t.path = base.path;
        t.query = r.query ? r.query : base.query;
      } else {
        t.path = remove_dot_segments(r.path.front() == '/' ? r.path : merge(base, r.path));
        t.query = r.query;
      }
      t.authority = base.authority;
    }
    t.scheme = base.scheme;
  }
  t.fragment = r.fragment;
  return recompose(t);
}

std::string without_fragment(std::string_view text) {
  Parts parts = parse(text);
  parts.fragment.reset();
  if (parts.scheme) parts.scheme = lower(*parts.scheme);
  if (parts.authority) parts.authority = lower(*parts.authority);
  return recompose(parts);
}

std::string fragment_of(std::string_view text) {
  const auto hash = text.find('#');
  return hash == std::string_view::npos ? std::string() : std::string(text.substr(hash + 1));
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = support::hex_digit_value(text[i + 1]);
      const int low = support::hex_digit_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::string percent_encode_fragment(std::string_view text) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || std::string_view("-._~!$&'()*+,;=:@/?").find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += '%';
      out += digits[u >> 4];
      out += digits[u & 0xF];
    }
  }
  return out;
}

} // namespace claudelint::schema::uri
