#!/usr/bin/env bash
# Throughput of `portres serve` against Debian's portserver (python3-portpicker), both driven by the same client
# in the same run: 8 concurrent client processes (CLIENTS) each ask REQUESTS times for a port on their own behalf
# with portpicker.get_port_from_port_server, as a test suite's processes do. Every request must get a port, and
# no port may be handed out twice while its holder lives, or the run fails. Rounds alternate between the servers;
# each prints requests per second, then the medians and the ratio.
#
#   benchmarks/serve.sh                      # publishes portres with Native AOT first (about 2 minutes)
#   PORTRES_AOT=path/to/portres benchmarks/serve.sh
#   CLIENTS=8 REQUESTS=500 ROUNDS=5 benchmarks/serve.sh
#
# Needs Debian's python3-portpicker (/usr/bin/portserver and portpicker for /usr/bin/python3) and, to publish,
# clang and zlib1g-dev. It installs nothing; it says what is missing.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python=/usr/bin/python3
clients="${CLIENTS:-8}"
requests="${REQUESTS:-500}"
rounds="${ROUNDS:-5}"

missing=()
[[ -x /usr/bin/portserver ]] || missing+=("Debian's portserver (apt-get install python3-portpicker)")
if [[ ! -x "$python" ]] || ! "$python" -c "import portpicker" 2>/dev/null; then
    missing+=("portpicker for $python (apt-get install python3-portpicker)")
fi
if ((${#missing[@]} > 0)); then
    echo "benchmarks/serve.sh: missing:" >&2
    printf '  - %s\n' "${missing[@]}" >&2
    exit 2
fi

source "$repo/benchmarks/portres-aot.sh"
portres_aot "$repo" benchmarks/serve.sh

work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

portserver_address="@bench-portserver-$$"
portres_address="@bench-portres-$$"
/usr/bin/portserver --portserver_address "$portserver_address" 2>"$work/portserver.log" &
pids+=($!)
PORTRES_STATE="$work/state.json" "$portres" serve --address "$portres_address" 2>"$work/portres.log" &
pids+=($!)
sleep 1

echo "portres: $portres ($(nproc) cores); $clients clients x $requests requests a round, $rounds rounds per server"
"$python" - "$clients" "$requests" "$rounds" "$portserver_address" "$portres_address" <<'PY'
import multiprocessing as mp, statistics, sys, time
import portpicker

clients, requests, rounds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
servers = {"portserver": sys.argv[4], "portres serve": sys.argv[5]}

def client(address, ready, go, out):
    ready.wait()
    go.wait()
    ports = [portpicker.get_port_from_port_server(address) for _ in range(requests)]
    out.put(ports)
    ready.wait()  # stay alive, holding the ports, until every client has answered

def round_of(address):
    ready, go, out = mp.Barrier(clients + 1), mp.Barrier(clients + 1), mp.Queue()
    procs = [mp.Process(target=client, args=(address, ready, go, out)) for _ in range(clients)]
    for p in procs:
        p.start()
    ready.wait()
    go.wait()
    start = time.perf_counter()
    results = [out.get() for _ in procs]
    elapsed = time.perf_counter() - start
    ready.wait()
    for p in procs:
        p.join()
    ports = [p for r in results for p in r]
    if None in ports:
        sys.exit(f"a request to {address} got no port")
    if len(set(ports)) != len(ports):
        sys.exit(f"{address} handed a port out twice to live holders")
    return len(ports) / elapsed

rates = {name: [] for name in servers}
for r in range(rounds):
    for name, address in servers.items():
        rate = round_of(address)
        rates[name].append(rate)
        print(f"round {r + 1}  {name:14} {rate:8.0f} requests/s")
med = {name: statistics.median(v) for name, v in rates.items()}
print()
for name, m in med.items():
    print(f"median  {name:14} {m:8.0f} requests/s")
print(f"portres serve / portserver: {med['portres serve'] / med['portserver']:.2f}x (target >= 3x)")
PY
