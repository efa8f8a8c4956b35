#!/usr/bin/env bash
# Start-up of the Native AOT portres against Python's portpicker, side by side in rounds of hyperfine runs:
# `portres run --count 1 -- true` on an empty state and on a state of 10,000 reservations, against
# `/usr/bin/python3 -c "import portpicker; portpicker.pick_unused_port()"`. Prints the means and the
# ratios portres/portpicker and 10k/empty, round by round.
#
#   benchmarks/cli.sh                    # publishes portres with Native AOT first (about 2 minutes)
#   PORTRES_AOT=path/to/portres benchmarks/cli.sh
#   PORTRES_BEFORE=path/to/old/portres benchmarks/cli.sh   # also times that build, in the same run
#   RUNS=50 benchmarks/cli.sh            # hyperfine runs per command and round (default 30)
#   ROUNDS=3 benchmarks/cli.sh           # side-by-side rounds (default 5); each ratio is shown per round
#   HELLO=path/to/hello benchmarks/cli.sh  # also times a Native AOT hello world, the floor for --help
#
# `portres --help` is timed too (no state file read). This machine's speed varies from day to day and within a
# minute, and Python's start more than portres's: compare figures of one round only, and look at every round.
#
# Needs hyperfine, Debian's python3-portpicker (for /usr/bin/python3) and, to publish, clang and
# zlib1g-dev. It installs nothing; it says what is missing.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python=/usr/bin/python3
runs="${RUNS:-30}"
rounds="${ROUNDS:-5}"

missing=()
command -v hyperfine >/dev/null || missing+=("hyperfine (apt-get install hyperfine)")
if [[ ! -x "$python" ]] || ! "$python" -c "import portpicker" 2>/dev/null; then
    missing+=("portpicker for $python (apt-get install python3-portpicker)")
fi
if ((${#missing[@]} > 0)); then
    echo "benchmarks/cli.sh: missing:" >&2
    printf '  - %s\n' "${missing[@]}" >&2
    exit 2
fi

source "$repo/benchmarks/portres-aot.sh"
portres_aot "$repo" benchmarks/cli.sh

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
empty="$work/empty.json"
large="$work/10k.json"

# 10,000 persistent reservations in format 2, as portres itself writes them: 8,000 one-port TCP blocks on
# every other port of the dynamic range (49152, 49154, ...), so a wildcard looks past all of them, and
# 2,000 UDP blocks. Tokens are those the file's generator drew, in order (SplitMix64 of seed + n * golden),
# so the counter says exactly how many were drawn.
"$python" - "$large" <<'PY'
import json, sys
MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)
seed, drawn = 20240901, 0
def token():
    global drawn
    while True:
        value = mix((seed + drawn * GOLDEN) & MASK)
        drawn += 1
        if value != 0:
            return str(value)
blocks = [("tcp", 49152 + 2 * i) for i in range(8000)] + [("udp", 20000 + 2 * i) for i in range(2000)]
reservations = sorted([p, s, 1, token()] for p, s in blocks)
state = {"formatVersion": 2,
         "settings": {"dynamicStart": 49152, "dynamicCount": 16384, "wildcardFit": "firstFitFromBottom"},
         "tokens": {"seed": str(seed), "drawn": str(drawn)}, "nextSocket": 1,
         "reservations": reservations, "sockets": [], "holders": []}
with open(sys.argv[1], "w") as f:
    json.dump(state, f, separators=(",", ":"))
PY

rows="$("$portres" --state "$large" --json show | "$python" -c 'import json, sys; print(len(json.load(sys.stdin)["reservations"]))')"
if [[ "$rows" != 10000 ]]; then
    echo "benchmarks/cli.sh: portres read $rows reservations from the generated state, not 10000" >&2
    exit 1
fi
"$portres" --state "$empty" run --count 1 -- true

commands=(
    -n "portres, empty state" "$portres --state $empty run --count 1 -- true"
    -n "portres, 10,000 reservations" "$portres --state $large run --count 1 -- true"
    -n "portres --help" "$portres --help"
    -n "portpicker" "$python -c 'import portpicker; portpicker.pick_unused_port()'"
)
before="${PORTRES_BEFORE:-}"
if [[ -n "$before" ]]; then
    if [[ ! -x "$before" ]]; then
        echo "benchmarks/cli.sh: PORTRES_BEFORE=$before is not an executable portres" >&2
        exit 2
    fi
    # Its own copies of the states: a build may rewrite a file in a newer format.
    cp "$large" "$work/10k-before.json"
    "$before" --state "$work/empty-before.json" run --count 1 -- true
    commands+=(
        -n "before, empty state" "$before --state $work/empty-before.json run --count 1 -- true"
        -n "before, 10,000 reservations" "$before --state $work/10k-before.json run --count 1 -- true"
        -n "before --help" "$before --help"
    )
fi

hello="${HELLO:-}"
if [[ -n "$hello" ]]; then
    if [[ ! -x "$hello" ]]; then
        echo "benchmarks/cli.sh: HELLO=$hello is not an executable" >&2
        exit 2
    fi
    commands+=(-n "hello world" "$hello")
fi

echo "portres: $portres ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
[[ -n "$before" ]] && echo "before:  $before"
# hyperfine times its commands one after the other, and this machine's speed drifts within a minute, portpicker's
# too: several short rounds, each side by side, show whether a ratio holds or only happened once.
for ((round = 1; round <= rounds; round++)); do
    echo "round $round of $rounds"
    hyperfine -N --warmup 5 --runs "$runs" --export-json "$work/round-$round.json" "${commands[@]}" > /dev/null
done

"$python" - "$work" "$rounds" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
means = [{r["command"]: r["mean"] * 1000 for r in json.load(open(f"{work}/round-{n}.json"))["results"]} for n in range(1, rounds + 1)]

def row(label, values, unit, target=None):
    cells = " ".join(f"{v:6.2f}" if unit == "x" else f"{v:6.1f}" for v in values)
    mid = statistics.median(values)
    verdict = "" if target is None else f"  (target <= {target}x: {sum(v <= target for v in values)} of {len(values)} rounds)"
    print(f"{label:<42} {cells}   median {mid:6.2f}{unit}{verdict}" if unit == "x" else f"{label:<42} {cells}   median {mid:6.1f} ms")

print()
print(f"{'':<42} " + " ".join(f"{'#' + str(n):>6}" for n in range(1, rounds + 1)))
row("portres run, empty state (ms)", [m["portres, empty state"] for m in means], "ms")
row("portres run, 10,000 reservations (ms)", [m["portres, 10,000 reservations"] for m in means], "ms")
row("portres --help (ms)", [m["portres --help"] for m in means], "ms")
row("portpicker (ms)", [m["portpicker"] for m in means], "ms")
row("portres/portpicker, empty state", [m["portres, empty state"] / m["portpicker"] for m in means], "x", 0.25)
row("portres/portpicker, 10,000 reservations", [m["portres, 10,000 reservations"] / m["portpicker"] for m in means], "x")
row("10,000 reservations / empty state", [m["portres, 10,000 reservations"] / m["portres, empty state"] for m in means], "x", 2)
if "before, empty state" in means[0]:
    row("before, empty state (ms)", [m["before, empty state"] for m in means], "ms")
    row("before, 10,000 reservations (ms)", [m["before, 10,000 reservations"] for m in means], "ms")
    row("before --help (ms)", [m["before --help"] for m in means], "ms")
    row("now/before, empty state", [m["portres, empty state"] / m["before, empty state"] for m in means], "x")
    row("now/before, 10,000 reservations", [m["portres, 10,000 reservations"] / m["before, 10,000 reservations"] for m in means], "x")
    row("before/portpicker, empty state", [m["before, empty state"] / m["portpicker"] for m in means], "x")
if "hello world" in means[0]:
    row("AOT hello world (ms)", [m["hello world"] for m in means], "ms")
    row("portres --help / hello world", [m["portres --help"] / m["hello world"] for m in means], "x")
PY
