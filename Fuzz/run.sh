#!/usr/bin/env bash
# Builds the LimeJSON and LimeUserlike sources with libFuzzer and AddressSanitizer, and fuzzes
# them with the properties in Fuzz/LimeFuzz.swift, starting from the committed fixtures and the
# conformance files. Not part of `swift test`; run by hand:
#
#   Fuzz/run.sh [SECONDS] [more libFuzzer options]      (default 300 seconds, one job)
#
# Build and corpus go to .build/fuzz (kept between runs, so a run continues where the last one
# stopped); inputs that break a property are written there as crash-* files.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
shift || true
out=.build/fuzz
mkdir -p "$out/corpus"
# `package` declarations (LimeJSON's line tracker) need the package's name, as SwiftPM passes it.
flags=(-O -g -sanitize=fuzzer,address -parse-as-library -swift-version 6 -package-name limestream)

# CLimeIndex, the C kernels that LimeJSON imports (stage 1, and long strings in the same file), with the same
# sanitizers and a module map of its own (SwiftPM writes one for the package build).
mkdir -p "$out/CLimeIndex"
clang -O2 -g -fsanitize=fuzzer-no-link,address -I Sources/CLimeIndex/include \
    -c Sources/CLimeIndex/lime_index.c -o "$out/CLimeIndex/lime_index.o"
ar rcs "$out/libCLimeIndex.a" "$out/CLimeIndex/lime_index.o"
printf 'module CLimeIndex {\n    umbrella "%s"\n    export *\n}\n' "$PWD/Sources/CLimeIndex/include" \
    >"$out/CLimeIndex/module.modulemap"

# One module per layer, as in Package.swift, so the harness sees only the public API. The harness
# compiles in the tests' chunk drivers and member check (Tests/LimeTestSupport/TokenTrace.swift,
# ExportTrace.swift and PassedMembers.swift: LimeJSON and LimeUserlike only).
swiftc "${flags[@]}" -emit-library -static -emit-module -module-name LimeJSON -I "$out/CLimeIndex" \
    -emit-module-path "$out/LimeJSON.swiftmodule" -o "$out/libLimeJSON.a" $(find Sources/LimeJSON -name '*.swift')
swiftc "${flags[@]}" -emit-library -static -emit-module -module-name LimeUserlike -I "$out" -I "$out/CLimeIndex" \
    -emit-module-path "$out/LimeUserlike.swiftmodule" -o "$out/libLimeUserlike.a" $(find Sources/LimeUserlike -name '*.swift')
swiftc "${flags[@]}" -I "$out" -I "$out/CLimeIndex" -L "$out" -lLimeUserlike -lLimeJSON -lCLimeIndex \
    -o "$out/limefuzz" Fuzz/LimeFuzz.swift Tests/LimeTestSupport/TokenTrace.swift Tests/LimeTestSupport/ExportTrace.swift \
    Tests/LimeTestSupport/PassedMembers.swift

# A failed property ends in fatalError; libFuzzer, not Swift's interactive backtracer, reports it.
export SWIFT_BACKTRACE=enable=no

# Seeds: the seed payload and every conformance file (small), once.
if [ -z "$(ls -A "$out/corpus")" ]; then
    cp Fixtures/seed-conversation.json "$out/corpus/"
    cp Fixtures/JSONTestSuite/test_parsing/*.json "$out/corpus/"
fi

"$out/limefuzz" -max_total_time="$seconds" -max_len=4096 -dict=Fuzz/json.dict \
    -artifact_prefix="$out/" -print_final_stats=1 "$@" "$out/corpus"
