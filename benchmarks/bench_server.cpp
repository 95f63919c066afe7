// Round trips through me::remote: our mechestim-server against a minimal Python REP
// loop doing the same decode, NumPy call and encode (python_rep_server.py), on ipc://
// and tcp://127.0.0.1, for a small op, a 1e6-element op and a 1e6-element fetch.
// Both servers are started here; docs/benchmarks.md has the figures and the command.
#include <mechestim/remote.hpp>

#include <benchmark/benchmark.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

namespace r = me::remote;

class process {
public:
    explicit process(std::vector<std::string> argv_text) {
        std::vector<char*> argv;
        for (auto& a : argv_text) argv.push_back(a.data());
        argv.push_back(nullptr);
        if (::posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0)
            throw std::runtime_error("cannot start " + argv_text[0]);
    }
    ~process() {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }

private:
    pid_t pid_ = 0;
};

/// The server of a benchmark's name: "ours" or "python", on "ipc" or "tcp".
const std::string& url_of(const std::string& server, const std::string& transport) {
    static std::map<std::string, std::string> urls;
    static std::vector<std::unique_ptr<process>> running;
    const std::string key = server + "/" + transport;
    if (auto it = urls.find(key); it != urls.end()) return it->second;
    const int port = 15600 + static_cast<int>(urls.size());
    std::string url = transport == "ipc" ? "ipc:///tmp/mechestim-bench-" + key.substr(0, key.find('/')) + "-" +
                                               std::to_string(::getpid()) + ".sock"
                                         : "tcp://127.0.0.1:" + std::to_string(port);
    if (server == "ours") running.push_back(std::make_unique<process>(std::vector<std::string>{MECHESTIM_SERVER_BIN, "--url", url}));
    else running.push_back(std::make_unique<process>(std::vector<std::string>{"/usr/bin/python3", MECHESTIM_PYTHON_SERVER, url}));
    // Wait until it answers. One generous timeout, not retries: a budget_open that timed
    // out may still reach the server and leave a session open there.
    { r::BudgetContext probe(1e12, {.url = url, .timeout = std::chrono::milliseconds(10000)}); }
    return urls.emplace(key, url).first->second;
}

/// `add` of two arrays of `n` float64: n = 8 is a round trip, n = 1e6 adds the compute
/// and the store of the result.
void add(benchmark::State& state, std::string server, std::string transport, std::size_t n) {
    r::BudgetContext budget(1e15, {.url = url_of(server, transport)});
    auto a = r::asarray(std::vector<double>(n, 1.5)), b = r::asarray(std::vector<double>(n, 2.5));
    for (auto _ : state) {
        auto c = r::add(a, b);
        benchmark::DoNotOptimize(c.id());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}

void fetch(benchmark::State& state, std::string server, std::string transport) {
    r::BudgetContext budget(1e15, {.url = url_of(server, transport)});
    auto a = r::asarray(std::vector<double>(1000000, 1.5));
    for (auto _ : state) {
        auto v = a.fetch<double>();
        benchmark::DoNotOptimize(v.data());
    }
    state.SetBytesProcessed(state.iterations() * 8000000);
}

}  // namespace

// small_op: 8 elements (the round trip); big_op: 1e6 (compute and store as well).
BENCHMARK_CAPTURE(add, small_op_ours_ipc, "ours", "ipc", 8)->UseRealTime();
BENCHMARK_CAPTURE(add, small_op_python_ipc, "python", "ipc", 8)->UseRealTime();
BENCHMARK_CAPTURE(add, small_op_ours_tcp, "ours", "tcp", 8)->UseRealTime();
BENCHMARK_CAPTURE(add, small_op_python_tcp, "python", "tcp", 8)->UseRealTime();
BENCHMARK_CAPTURE(add, big_op_ours_ipc, "ours", "ipc", 1000000)->UseRealTime();
BENCHMARK_CAPTURE(add, big_op_python_ipc, "python", "ipc", 1000000)->UseRealTime();
BENCHMARK_CAPTURE(fetch, ours_ipc, "ours", "ipc")->UseRealTime();
BENCHMARK_CAPTURE(fetch, python_ipc, "python", "ipc")->UseRealTime();
BENCHMARK_CAPTURE(fetch, ours_tcp, "ours", "tcp")->UseRealTime();
BENCHMARK_CAPTURE(fetch, python_tcp, "python", "tcp")->UseRealTime();

BENCHMARK_MAIN();
