// Errors as values. Every fallible function below the command boundary returns
// Status or Result<T>; exceptions never cross module or thread boundaries.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace canopy {

struct Error {
  std::string message;
};

class Status {
 public:
  Status() = default;
  Status(Error e) : error_(std::move(e.message)), failed_(true) {}  // NOLINT: implicit on purpose
  static Status ok() { return {}; }

  bool is_ok() const { return !failed_; }
  explicit operator bool() const { return !failed_; }
  const std::string& message() const { return error_; }

 private:
  std::string error_;
  bool failed_ = false;
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}     // NOLINT
  Result(Error e) : v_(std::move(e)) {}         // NOLINT
  Result(Status s) : v_(Error{s.message()}) {}  // NOLINT: only for failed statuses

  bool is_ok() const { return v_.index() == 0; }
  explicit operator bool() const { return is_ok(); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& value() const& { return std::get<0>(v_); }
  T* operator->() { return &std::get<0>(v_); }
  T& operator*() { return std::get<0>(v_); }
  const std::string& message() const { return std::get<1>(v_).message; }
  Status status() const { return is_ok() ? Status() : Status(Error{message()}); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace canopy

#define CANOPY_RETURN_IF_ERROR(expr)                                       \
  do {                                                                     \
    ::canopy::Status _canopy_st = (expr);                                  \
    if (!_canopy_st.is_ok()) return ::canopy::Error{_canopy_st.message()}; \
  } while (0)
