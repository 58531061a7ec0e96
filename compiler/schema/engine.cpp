#include "schema/engine.h"

#include <string_view>

#include <fmt/format.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>

#include "schema/bundler.h"
#include "schema/evaluator.h"
#include "schema/view.h"

namespace claudelint::schema {

using nlohmann::json;

const std::vector<const json*>& CompiledSchema::subschemas_at(
    const std::string& instance_pointer, const std::function<std::vector<const json*>()>& find) const {
  {
    const std::lock_guard lock(subschemas_mutex_);
    if (const auto it = subschemas_.find(instance_pointer); it != subschemas_.end()) return it->second;
  }
  // Found outside the lock; should two threads find the same pointer at
  // once, both lists are equal and the first one stays.
  std::vector<const json*> found = find();
  const std::lock_guard lock(subschemas_mutex_);
  return subschemas_.try_emplace(instance_pointer, std::move(found)).first->second;
}

namespace {

class Compiled final : public CompiledSchema {
public:
  Compiled(Draft draft, json bundled) : draft_(draft), bundled_(std::move(bundled)) {}

  Draft draft() const override { return draft_; }
  const json& bundled() const override { return bundled_; }

  std::vector<Violation> validate(const json& instance) const override {
    try {
      return evaluate(*root_, *tables_, instance);
    } catch (const std::exception& e) {
      return {{"", "", "", fmt::format("the schema could not be evaluated: {}", e.what())}};
    }
  }

  bool valid(const json& instance) const override {
    try {
      return is_valid(*root_, instance);
    } catch (const std::exception&) {
      return false; // validate() says why
    }
  }

  /// Has valijson parse the view; the reason when it refuses.
  std::optional<std::string> parse(View view) {
    auto tables = std::make_shared<Tables>();
    tables->nodes = std::move(view.nodes);
    tables->bundled = &bundled_;
    tables->float_integers = draft_ != Draft::draft4;
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    parser.addConstraintBuilder(custom_keyword, new NodeConstraintBuilder(tables));
    try {
      parser.populateSchema(valijson::adapters::NlohmannJsonAdapter(view.document), schema_);
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    // The document's root is an allOf of the auxiliary subschemas, the first
    // one being the schema itself.
    valijson::Subschema::ApplyFunction collect = [&](const valijson::constraints::Constraint& constraint) {
      if (const auto* all = dynamic_cast<const valijson::constraints::AllOfConstraint*>(&constraint))
        all->applyToSubschemas([&](unsigned, const valijson::Subschema* subschema) {
          tables->aux.push_back(subschema);
          return true;
        });
      return true;
    };
    schema_.apply(collect);
    if (tables->aux.size() != view.aux_count) return std::string("internal error: unexpected parse of the bundled schema");
    root_ = tables->aux.front();
    tables_ = std::move(tables);
    return std::nullopt;
  }

private:
  Draft draft_;
  json bundled_;
  valijson::Schema schema_;
  std::shared_ptr<const Tables> tables_;
  const valijson::Subschema* root_ = nullptr;
};

} // namespace

CompileResult compile(const json& root, const std::string& uri, const Fetch& fetch) {
  CompileResult result;
  try {
    Bundle bundled = bundle(root, uri, fetch);
    result.problems = std::move(bundled.problems);
    if (!bundled.document) return result;
    View view = make_view(*bundled.document);
    if (!view.errors.empty()) {
      for (auto& [pointer, message] : view.errors) result.problems.push_back({uri, pointer, std::move(message)});
      return result;
    }
    auto compiled = std::make_unique<Compiled>(bundled.draft, std::move(*bundled.document));
    if (const auto error = compiled->parse(std::move(view))) {
      result.problems.push_back({uri, "", fmt::format("the schema is invalid: {}", *error)});
      return result;
    }
    result.schema = std::move(compiled);
  } catch (const std::exception& e) {
    result.schema.reset();
    result.problems.push_back({uri, "", fmt::format("cannot compile the schema: {}", e.what())});
  }
  return result;
}

bool holds_on_partial_instance(const Violation& violation) {
  static constexpr std::string_view absence[] = {"required", "dependencies", "dependentRequired", "minProperties",
                                                 "minItems", "contains", "minContains", "anyOf", "oneOf",
                                                 "not", "if", "then", "else"};
  for (const auto keyword : absence)
    if (violation.keyword == keyword) return false;
  for (const std::string_view segment : {"/anyOf/", "/oneOf/", "/not/", "/not", "/if/", "/then/", "/else/"}) {
    const auto at = violation.schema_pointer.find(segment);
    if (at == std::string::npos) continue;
    // "/not" only as a whole segment, not the start of a property name like "/notes".
    if (segment == "/not" && at + 4 != violation.schema_pointer.size()) continue;
    return false;
  }
  return true;
}

} // namespace claudelint::schema
