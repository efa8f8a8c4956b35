# Sourced by the benchmark scripts. `portres_aot REPO SCRIPT` sets $portres to the Native AOT portres: the one
# PORTRES_AOT names, or one published from REPO now (about 2 minutes; needs the .NET 10 SDK, clang and
# zlib1g-dev). It exits 2 saying what is missing.
portres_aot() {
    local repo="$1" script="$2"
    if [[ -n "${PORTRES_AOT:-}" ]]; then
        portres="$PORTRES_AOT"
    else
        if ! command -v clang >/dev/null || ! command -v dotnet >/dev/null; then
            echo "$script: publishing portres with Native AOT needs the .NET 10 SDK (dotnet) and clang (apt-get install clang zlib1g-dev); or set PORTRES_AOT to a published portres" >&2
            exit 2
        fi
        echo "Publishing portres with Native AOT..." >&2
        dotnet publish "$repo/src/App" -c Release -r linux-x64 -p:PublishAot=true -v quiet -nologo >&2
        portres="$repo/src/App/bin/Release/net10.0/linux-x64/publish/portres"
    fi
    if [[ ! -x "$portres" ]]; then
        echo "$script: $portres is not an executable portres" >&2
        exit 2
    fi
}
