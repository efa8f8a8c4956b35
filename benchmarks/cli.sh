#!/usr/bin/env bash
# Start-up of the Native AOT portres against Python's portpicker, side by side in one hyperfine run:
# `portres run --count 1 -- true` on an empty state and on a state of 10,000 reservations, against
# `/usr/bin/python3 -c "import portpicker; portpicker.pick_unused_port()"`. Prints the means and the
# ratios portres/portpicker and 10k/empty.
#
#   benchmarks/cli.sh                    # publishes portres with Native AOT first (about 2 minutes)
#   PORTRES_AOT=path/to/portres benchmarks/cli.sh
#   PORTRES_BEFORE=path/to/old/portres benchmarks/cli.sh   # also times that build, in the same run
#   RUNS=50 benchmarks/cli.sh            # hyperfine runs per command (default 30)
#   HELLO=path/to/hello benchmarks/cli.sh  # also times a Native AOT hello world, the floor for --help
#
# `portres --help` is timed too (no state file read). This machine's speed varies from day to day, and Python's
# start more than portres's: compare figures of one run only.
#
# Needs hyperfine, Debian's python3-portpicker (for /usr/bin/python3) and, to publish, clang and
# zlib1g-dev. It installs nothing; it says what is missing.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python=/usr/bin/python3
runs="${RUNS:-30}"

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
hyperfine -N --warmup 5 --runs "$runs" --export-json "$work/results.json" "${commands[@]}"

"$python" - "$work/results.json" <<'PY'
import json, sys
means = {r["command"]: r["mean"] for r in json.load(open(sys.argv[1]))["results"]}
empty, large, picker = means["portres, empty state"], means["portres, 10,000 reservations"], means["portpicker"]
print()
print(f"portres run, empty state:         {empty * 1000:7.1f} ms")
print(f"portres run, 10,000 reservations: {large * 1000:7.1f} ms")
print(f"portres --help:                   {means['portres --help'] * 1000:7.1f} ms")
print(f"portpicker:                       {picker * 1000:7.1f} ms")
print(f"portres/portpicker, empty state:         {empty / picker:.2f}x (target <= 0.25x)")
print(f"portres/portpicker, 10,000 reservations: {large / picker:.2f}x")
print(f"10,000 reservations / empty state:       {large / empty:.2f}x (target <= 2x)")
if "before, empty state" in means:
    for what in ("empty state", "10,000 reservations"):
        old = means[f"before, {what}"]
        print(f"before, {what + ':':<25} {old * 1000:7.1f} ms ({old / picker:.2f}x portpicker; now {means[f'portres, {what}'] / old:.2f}x of before)")
    print(f"before --help:                    {means['before --help'] * 1000:7.1f} ms")
if "hello world" in means:
    print(f"AOT hello world:                  {means['hello world'] * 1000:7.1f} ms (portres --help {means['portres --help'] / means['hello world']:.2f}x of it)")
PY
