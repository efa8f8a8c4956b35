#!/usr/bin/env bash
# Writes src/App/startup.order: the managed methods the Native AOT portres runs in its everyday commands,
# one mangled name per line. The AOT build (App.csproj, IlcOrderFile) lays those methods out first, side by
# side, so a command maps a few dense pages of code instead of faulting in pages all over the image (each
# fault costs some 10-25 us on a virtual machine). A method missing from the file only goes back to its
# default place: a stale file costs start-up time, never correctness.
#
#   benchmarks/startup-order.sh                       # publishes portres with Native AOT first (about 2 minutes)
#   PORTRES_AOT=path/to/portres benchmarks/startup-order.sh   # its portres.dbg must sit beside it
#
# Run it again after a change to what a command runs, and commit the file. Needs valgrind (callgrind counts
# every instruction a command executes) and nm.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

missing=()
command -v valgrind >/dev/null || missing+=("valgrind (apt-get install valgrind)")
command -v nm >/dev/null || missing+=("nm (apt-get install binutils)")
if ((${#missing[@]} > 0)); then
    echo "benchmarks/startup-order.sh: missing:" >&2
    printf '  - %s\n' "${missing[@]}" >&2
    exit 2
fi

source "$repo/benchmarks/portres-aot.sh"
portres_aot "$repo" benchmarks/startup-order.sh
if [[ ! -f "$portres.dbg" ]]; then
    echo "benchmarks/startup-order.sh: $portres.dbg, the symbols of $portres, is missing" >&2
    exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# valgrind would read the symbols beside the binary; a copy without them runs faster. Every instruction a command
# executes is listed by address, and the symbol table below names the method that holds it.
cp "$portres" "$work/portres"
nm -n "$portres.dbg" > "$work/symbols"

# The commands, most important first: the order of the file is the order of the image.
state="$work/state.json"
# A command may fail (an add without elevation, a block taken): its path is profiled all the same.
profile() {
    local out="$work/profile.$((++runs))"
    valgrind --tool=callgrind --dump-instr=yes --compress-pos=no --compress-strings=no \
        --callgrind-out-file="$out" "$work/portres" --state "$state" "$@" > /dev/null 2> "$work/valgrind.log" || true
    if [[ ! -s "$out" ]]; then
        echo "benchmarks/startup-order.sh: callgrind wrote no profile of 'portres $*':" >&2
        cat "$work/valgrind.log" >&2
        exit 1
    fi
}
runs=0
profile run --count 1 -- true
profile run --count 1 -- true
profile --help
profile --version
profile show
profile --json show
profile add --start 50000 --count 10
profile lookup --start 50000 --count 10
profile why 50005
profile --json why 50005
profile run --start 50000 --count 1 -- true
profile delete --start 50000 --count 10
profile run --count 0 -- true
profile show --netsh
profile run --help
# A fuller table: its reservations go through the same methods, more of them.
profile import --profile hyper-v
profile run --count 1 -- true
profile show

python3 - "$work" "$runs" > "$repo/src/App/startup.order" <<'PY'
import bisect, re, sys
work, runs = sys.argv[1], int(sys.argv[2])
symbols = []
for line in open(f"{work}/symbols"):
    fields = line.split()
    if len(fields) == 3 and fields[1] in "tT":
        symbols.append((int(fields[0], 16), fields[2]))
symbols.sort()
starts = [address for address, _ in symbols]
text_start, text_end = symbols[0][0], symbols[-1][0]

def managed(name):
    # ILC's own methods. The runtime's C and C++ (SystemNative_..., Rhp..., _Z..., main) come from static libraries,
    # which the linker lays out.
    return "_" in name and not name.startswith("_") and "::" not in name and not re.match(r"Rhp|minipal_|[A-Za-z]+Native_", name)

# Each command's new methods in their current order in the image, which keeps the file stable from one run to the next.
seen, order = set(), []
for run in range(1, runs + 1):
    executed = set()
    for line in open(f"{work}/profile.{run}"):
        if line.startswith("0x"):
            address = int(line.split(maxsplit=1)[0], 16)
            # The shared libraries' instructions are listed by their offset in the library, all below the image.
            if text_start <= address < text_end:
                executed.add(address)
    methods = {}
    for address in executed:
        i = bisect.bisect_right(starts, address) - 1
        if i >= 0:
            methods[symbols[i][0]] = symbols[i][1]
    for _, name in sorted(methods.items()):
        if managed(name) and name not in seen:
            seen.add(name)
            order.append(name)
print("\n".join(order))
PY
echo "benchmarks/startup-order.sh: $(wc -l < "$repo/src/App/startup.order") methods in src/App/startup.order" >&2
