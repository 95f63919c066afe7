/// @file server/handler.hpp
/// @brief The request handler: bytes in, bytes out, no transport. It owns the one session
/// (budget, handle store, comms tally), so the ZeroMQ loop, the tests and the fuzzer all
/// drive the same code.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "values.hpp"

namespace me::server {

namespace wire {
class writer;
struct budget_numbers;
}  // namespace wire
struct request_context;

/// What `budget_close` reports about the wire (the original's CommsTracker).
struct comms_tally {
    std::int64_t request_count = 0;
    std::int64_t fetch_count = 0;
    std::int64_t bytes_in = 0;
    std::int64_t bytes_out = 0;
    std::int64_t overhead_ns = 0;  ///< decode + encode
    std::int64_t compute_ns = 0;
};

struct session {
    explicit session(double flop_budget, double multiplier)
        : budget(flop_budget, {}, me::BudgetOptions{.flop_multiplier = multiplier, .quiet = true}) {}
    me::BudgetContext budget;
    std::unordered_map<std::string, any_array> store;
    std::size_t stored_bytes = 0;
    comms_tally comms;
};

struct server_options {
    std::size_t max_array_bytes = std::size_t{100} << 20;  ///< MECHESTIM_MAX_ARRAY_BYTES
    std::chrono::nanoseconds session_timeout = std::chrono::seconds(60);
    /// What one session may hold at once, MECHESTIM_MAX_STORE_BYTES (the original has no
    /// such limit: a participant could keep uploading until the server is killed for memory).
    std::size_t max_store_bytes = std::size_t{2} << 30;
};

class handler {
public:
    explicit handler(server_options options = {}) : options_(options) {}

    /// Answers one request. Never throws: every failure is an error envelope.
    std::string handle(const char* data, std::size_t size);

    /// Closes the session if it has been idle longer than the timeout (the loop calls
    /// this between requests). Returns true when a session was reaped.
    bool reap_idle(std::chrono::steady_clock::time_point now);

    bool session_open() const { return session_ != nullptr; }
    const server_options& options() const { return options_; }

private:
    friend struct request_context;
    void run(wire::writer& w, const std::string& op, std::span<const msgpack::object> raw_args,
             const std::vector<std::pair<std::string, const msgpack::object*>>& raw_kwargs, std::size_t request_bytes);
    std::optional<wire::budget_numbers> budget_block() const;
    any_array index_array(request_context& ctx, const any_array& target, const msgpack::object* key);

    server_options options_;
    std::unique_ptr<session> session_;
    std::uint64_t next_handle_ = 0;  // server-wide: a closed session's handles are never reused
    std::chrono::steady_clock::time_point last_activity_{};
};

/// Reads MECHESTIM_MAX_ARRAY_BYTES (a positive integer), else the default.
std::size_t max_array_bytes_from_environment();
/// Reads MECHESTIM_MAX_STORE_BYTES (a positive integer: what one session may hold), else 2 GiB.
std::size_t max_store_bytes_from_environment();

}  // namespace me::server
