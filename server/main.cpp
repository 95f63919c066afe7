// mechestim-server: the original's ZeroMQ REP loop. One request, one response; between
// requests (at most every second) an idle session is reaped.
#include <zmq.hpp>

#include <csignal>
#include <malloc.h>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "handler.hpp"

namespace {

volatile std::sig_atomic_t stop_requested = 0;
extern "C" void on_signal(int) { stop_requested = 1; }

[[noreturn]] void usage(int code) {
    std::fputs("usage: mechestim-server [--url URL] [--timeout SECONDS]\n"
               "  --url      ZeroMQ endpoint, ipc://PATH or tcp://HOST:PORT (default ipc:///tmp/mechestim.sock)\n"
               "  --timeout  seconds before an idle session is closed (default 60)\n"
               "  MECHESTIM_MAX_ARRAY_BYTES limits uploads and results (default 104857600)\n",
               code == 0 ? stdout : stderr);
    std::exit(code);
}

}  // namespace

int main(int argc, char** argv) {
    std::string url = "ipc:///tmp/mechestim.sock";
    double timeout = 60;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") usage(0);
        if (i + 1 >= argc) usage(2);
        if (arg == "--url") url = argv[++i];
        else if (arg == "--timeout") {
            char* end = nullptr;
            timeout = std::strtod(argv[++i], &end);
            if (*end != '\0' || !(timeout > 0) || timeout > 1e9) {
                std::fprintf(stderr, "mechestim-server: --timeout must be a positive number of seconds\n");
                return 2;
            }
        } else usage(2);
    }
    me::server::server_options options;
    try {
        options.max_array_bytes = me::server::max_array_bytes_from_environment();
        options.max_store_bytes = me::server::max_store_bytes_from_environment();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mechestim-server: %s\n", e.what());
        return 2;
    }
    options.session_timeout = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(timeout));
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);

    // Keep freed blocks up to 32 MiB in the heap instead of returning them to the kernel:
    // on these VMs a page fault costs more than the copy it serves, and a fresh 8 MB
    // buffer per fetch made a 1e6-element fetch 20x slower than NumPy's server.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    me::server::handler handler(options);
    zmq::context_t context(1);
    zmq::socket_t socket(context, zmq::socket_type::rep);
    // A request may carry one array of the limit plus its envelope; anything larger is
    // dropped by ZeroMQ before it is buffered.
    socket.set(zmq::sockopt::maxmsgsize, static_cast<std::int64_t>(options.max_array_bytes + (1 << 20)));
    socket.set(zmq::sockopt::rcvtimeo, 1000);
    socket.set(zmq::sockopt::linger, 0);
    try {
        socket.bind(url);
    } catch (const zmq::error_t& e) {
        std::fprintf(stderr, "mechestim-server: cannot bind %s: %s\n", url.c_str(), e.what());
        return 1;
    }
    std::fprintf(stderr, "mechestim-server listening on %s (session timeout %g s)\n", url.c_str(), timeout);
    while (!stop_requested) {
        zmq::message_t request;
        zmq::recv_result_t got;
        try {
            got = socket.recv(request, zmq::recv_flags::none);
        } catch (const zmq::error_t& e) {
            if (e.num() == EINTR) continue;
            throw;
        }
        if (!got) {
            if (handler.reap_idle(std::chrono::steady_clock::now()))
                std::fprintf(stderr, "mechestim-server: idle session closed after %g s\n", timeout);
            continue;
        }
        // The reply is handed to ZeroMQ without a copy; its I/O thread frees it once sent.
        auto* reply = new std::string(handler.handle(static_cast<const char*>(request.data()), request.size()));
        zmq::message_t message(reply->data(), reply->size(), [](void*, void* owner) { delete static_cast<std::string*>(owner); }, reply);
        socket.send(message, zmq::send_flags::none);
        handler.reap_idle(std::chrono::steady_clock::now());
    }
    return 0;
}
