#pragma once
// The JSON Schema engine: everything claudelint puts around valijson so that
// drafts 4, 6 and 7 validate correctly (reference resolution and bundling,
// number normalisation, format checkers, draft detection). valijson types
// never appear in this header; the rest of claudelint sees only these.
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

namespace claudelint::schema {

enum class Draft { draft4, draft6, draft7 };

/// Finds a schema document by absolute URI (without fragment): built-in
/// schemas, `--ref-map PREFIX=DIR` folders, files next to the referring
/// schema. Returns nullopt when the URI is unknown; never touches the network.
using Fetch = std::function<std::optional<nlohmann::json>(const std::string& uri)>;

/// A problem with a schema itself (not with an instance): unresolvable or
/// remote `$ref`, reference cycle, unsupported draft, invalid keyword value.
struct SchemaProblem {
  std::string uri;          ///< the schema document the problem is in
  std::string pointer;      ///< RFC 6901 pointer to the offending schema location
  std::string message;      ///< one sentence, no trailing period
};

/// One reason an instance does not validate.
struct Violation {
  std::string instance_pointer; ///< RFC 6901 pointer into the instance
  std::string keyword;          ///< the failing keyword (`type`, `enum`, `required`, …)
  std::string schema_pointer;   ///< pointer into the bundled schema of the failing subschema, when known
  std::string message;          ///< the engine's own description
  /// Why the other alternatives of an anyOf/oneOf do not fit either, when
  /// this violation comes from the alternative that came closest.
  std::vector<std::string> notes{};
};

/// Whether `violation` stands when the instance is a partial document (parts
/// cut out by syntax errors, as while a file is being typed): it is about a
/// value that is there. Violations that the cut parts could cause or mend
/// (`required`, `minItems`, `contains`, … and whatever was judged inside
/// `anyOf`/`oneOf`/`not`/`if`, where the alternative chosen may depend on
/// what is missing) do not stand until the file parses.
bool holds_on_partial_instance(const Violation& violation);

/// A schema compiled once and reused for every instance validated against it.
class CompiledSchema {
public:
  virtual ~CompiledSchema() = default;
  virtual Draft draft() const = 0;
  /// The self-contained schema valijson was given (all `$ref`s local).
  virtual const nlohmann::json& bundled() const = 0;
  /// Validates `instance`; empty when valid. Never throws on any instance.
  virtual std::vector<Violation> validate(const nlohmann::json& instance) const = 0;
  /// Whether validate() would find nothing, without working out what.
  virtual bool valid(const nlohmann::json& instance) const = 0;

  /// The subschemas of bundled() that apply at `instance_pointer`, as
  /// `find` gives them, made once per pointer and kept: explaining findings
  /// asks this again and again, and thousands of files have findings at the
  /// same few places. Safe from several threads.
  const std::vector<const nlohmann::json*>& subschemas_at(
      const std::string& instance_pointer, const std::function<std::vector<const nlohmann::json*>()>& find) const;

private:
  mutable std::mutex subschemas_mutex_;
  mutable std::unordered_map<std::string, std::vector<const nlohmann::json*>> subschemas_;
};

struct CompileResult {
  std::unique_ptr<CompiledSchema> schema; ///< null when the schema cannot be used
  std::vector<SchemaProblem> problems;    ///< why not, or warnings about a usable schema
};

/// Compiles `root` (a schema document whose own URI is `uri`). The draft comes
/// from `$schema` (draft 7 when absent); 2019-09 and 2020-12 are refused with a
/// problem naming the draft. `fetch` serves every other document a `$ref` needs.
CompileResult compile(const nlohmann::json& root, const std::string& uri, const Fetch& fetch);

} // namespace claudelint::schema
