#pragma once
// The valijson side of the engine (internal to schema/): the custom
// constraint behind `x-claudelint`, its builder, and the conversion of
// valijson's error list into Violations. Only schema/ includes this header.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/subschema.hpp>
#include <valijson/validation_results.hpp>

#include "schema/engine.h"
#include "schema/view.h"

namespace claudelint::schema {

/// What the custom constraints share: the schema nodes of the view and the
/// auxiliary subschemas (filled in after parsing, before any validation).
struct Tables {
  std::vector<SchemaNode> nodes;
  std::vector<const valijson::Subschema*> aux;
  const nlohmann::json* bundled = nullptr;
  bool float_integers = true; ///< 1.0 is an integer (draft 6 on); in draft 4 only beyond 2^63
};

/// Evaluates everything a SchemaNode holds instead of valijson (type,
/// format, pattern, multipleOf, content, the properties keywords,
/// propertyNames, anyOf, oneOf) and, when errors are being collected, marks
/// the end of its subschema.
class NodeConstraint final : public valijson::constraints::PolyConstraint {
public:
  NodeConstraint(std::shared_ptr<const Tables> tables, std::size_t id) : tables_(std::move(tables)), id_(id) {}

  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override;

private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override { return new (memory) NodeConstraint(*this); }
  std::size_t sizeOf() const override { return sizeof(NodeConstraint); }

  std::shared_ptr<const Tables> tables_;
  std::size_t id_;
};

/// Builds a NodeConstraint from the value of `x-claudelint` (a node index).
class NodeConstraintBuilder final : public valijson::ConstraintBuilder {
public:
  explicit NodeConstraintBuilder(std::shared_ptr<const Tables> tables) : tables_(std::move(tables)) {}
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override;

private:
  std::shared_ptr<const Tables> tables_;
};

/// Sets the instance being validated on this thread (messages quote its
/// values); restores the previous one when destroyed. Null: quote nothing.
class InstanceScope {
public:
  explicit InstanceScope(const nlohmann::json* instance);
  ~InstanceScope();
  InstanceScope(const InstanceScope&) = delete;
  InstanceScope& operator=(const InstanceScope&) = delete;

private:
  const nlohmann::json* previous_;
};

/// Validates `instance` against `root`: a fast pass without error
/// collection, then, when it fails, a pass that collects violations.
std::vector<Violation> evaluate(const valijson::Subschema& root, const Tables& tables, const nlohmann::json& instance);
/// The fast pass alone: whether `instance` is valid.
bool is_valid(const valijson::Subschema& root, const nlohmann::json& instance);

} // namespace claudelint::schema
