#include <catch2/catch.hpp>

#include "source/file_kind.h"

using claudelint::source::classify;
using claudelint::source::FileKind;
using claudelint::source::has_shell_shebang;

TEST_CASE("file kinds: key material by name, public keys excluded", "[source][file_kind]") {
  for (const char* name : {"tls.pem", "server.key", "keys/client.p12", "store.pfx", "id_rsa", "id_ed25519", "app.jks"}) {
    INFO(name);
    CHECK(classify(name) == FileKind::key);
  }
  CHECK(classify("id_rsa.pub") == FileKind::unknown);
  CHECK(classify("id_ed25519.pub") == FileKind::unknown);
  CHECK(classify("monitoring.keys.json") == FileKind::json);
  CHECK(classify(".env.production") == FileKind::dotenv);
}

TEST_CASE("file kinds: an extensionless script is shell by its shebang", "[source][file_kind]") {
  CHECK(has_shell_shebang("#!/bin/bash\nset -e\n"));
  CHECK(has_shell_shebang("#!/bin/sh"));
  CHECK(has_shell_shebang("#!/usr/bin/env bash\n"));
  CHECK(has_shell_shebang("#! /usr/bin/env -S bash -e\n"));
  CHECK(has_shell_shebang("#!/usr/bin/dash\r\n"));
  CHECK_FALSE(has_shell_shebang("#!/usr/bin/env python3\n"));
  CHECK_FALSE(has_shell_shebang("#!/usr/bin/bashful\n"));
  CHECK_FALSE(has_shell_shebang("# just a comment\n"));
  CHECK_FALSE(has_shell_shebang(""));
}
