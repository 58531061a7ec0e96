#include <catch2/catch.hpp>

#include "rules/selection.h"

using claudelint::rules::always_reported;
using claudelint::rules::Selection;

TEST_CASE("a selection entry is an id, a name, a category or an id prefix", "[rules][select]") {
  const Selection selection({"CL2001", "unknown-key", "alerting", "CL40"});
  CHECK(selection.selects("CL2001", "plain-http-endpoint", "transport"));
  CHECK_FALSE(selection.selects("CL2002", "tls-version-too-old", "transport"));
  CHECK(selection.selects("CL1003", "unknown-key"));
  CHECK(selection.selects("CL4055", "slack-webhook-wrong-host", "alerting"));
  CHECK(selection.selects("CL4001", "primary-region-single-instance", "availability"));
  CHECK_FALSE(selection.selects("CL4120", "a-team-rule", "")); // CL40 is a prefix of ids, not of names
  CHECK_FALSE(selection.selects("CL5001", "ip-allowlist-missing", "access"));
  // An empty category (claudelint's own findings) is never matched by one.
  CHECK_FALSE(Selection({""}).selects("CL1001", "type-mismatch", ""));
  // "CL" alone is every rule; a prefix is "CL" and digits only.
  CHECK(Selection({"CL"}).selects("CL0002", "duplicate-key"));
  CHECK_FALSE(Selection({"CL2001x"}).selects("CL2001", "plain-http-endpoint"));
  CHECK_FALSE(Selection({"CL2"}).selects("TEAM2001", "team-rule"));
  CHECK(Selection::entry_selects("secrets", "CL3001", "literal-secret", "secrets"));
}

TEST_CASE("findings that say a file could not be checked are always reported", "[rules][select]") {
  for (const char* id : {"CL0001", "CL0003", "CL0007", "CL0008", "CL0009", "CL0013", "CL0015", "CL1009"})
    CHECK(always_reported(id));
  for (const char* id : {"CL0002", "CL0016", "CL1003", "CL2001", "CL6004"}) CHECK_FALSE(always_reported(id));
}
