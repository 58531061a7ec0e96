#pragma once
#include <stdexcept>
#include <string>

namespace claudelint {

/// Base of the tool's own failures (I/O, usage, broken built-in data). A
/// user's bad config is never an Error: it is a Diagnostic.
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Bad command line: unknown option, missing path, bad value. Exit code 2.
class UsageError : public Error {
public:
  using Error::Error;
};

/// The tool could not do its job (unreadable output path, internal fault).
class InternalError : public Error {
public:
  using Error::Error;
};

} // namespace claudelint
