#pragma once
#include <string>
#include <vector>

namespace claudelint::cli {

/// `claudelint [check] [OPTIONS] [PATHS...]`; returns the process exit code.
int command_check(const std::vector<std::string>& args);

/// `claudelint install-hook`: a git pre-commit hook running claudelint.
int command_install_hook(const std::vector<std::string>& args);

/// `claudelint validate --schema SCHEMA FILES...`; returns the exit code.
int command_validate(const std::vector<std::string>& args);

/// `claudelint envs [PATHS...]`: the trees and environments found, and why.
int command_envs(const std::vector<std::string>& args);

/// `claudelint init [DIR]`: writes the inferred manifest.
int command_init(const std::vector<std::string>& args);

/// `claudelint build [PATHS...] --out DIR [--check]`.
int command_build(const std::vector<std::string>& args);

/// `claudelint explain-value ENV POINTER [PATHS...]`.
int command_explain_value(const std::vector<std::string>& args);

/// `claudelint diff ENV_A ENV_B [DIR]`.
int command_diff(const std::vector<std::string>& args);

/// `claudelint rules [--docs DIR [--check]]`.
int command_rules(const std::vector<std::string>& args);

/// `claudelint test-rules [DIR...]`: runs the rules' own examples.
int command_test_rules(const std::vector<std::string>& args);

/// `claudelint lsp`: the language server on stdin/stdout.
int command_lsp(const std::vector<std::string>& args);

/// `claudelint explain RULE`.
int command_explain(const std::vector<std::string>& args);

} // namespace claudelint::cli
