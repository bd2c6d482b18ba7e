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
flags=(-O -g -sanitize=fuzzer,address -parse-as-library -swift-version 6)

# One module per layer, as in Package.swift, so the harness sees only the public API.
swiftc "${flags[@]}" -emit-library -static -emit-module -module-name LimeJSON \
    -emit-module-path "$out/LimeJSON.swiftmodule" -o "$out/libLimeJSON.a" Sources/LimeJSON/*.swift
swiftc "${flags[@]}" -emit-library -static -emit-module -module-name LimeUserlike -I "$out" \
    -emit-module-path "$out/LimeUserlike.swiftmodule" -o "$out/libLimeUserlike.a" Sources/LimeUserlike/*.swift
swiftc "${flags[@]}" -I "$out" -L "$out" -lLimeUserlike -lLimeJSON -o "$out/limefuzz" Fuzz/LimeFuzz.swift

# A failed property ends in fatalError; libFuzzer, not Swift's interactive backtracer, reports it.
export SWIFT_BACKTRACE=enable=no

# Seeds: the seed payload and every conformance file (small), once.
if [ -z "$(ls -A "$out/corpus")" ]; then
    cp Fixtures/seed-conversation.json "$out/corpus/"
    cp Fixtures/JSONTestSuite/test_parsing/*.json "$out/corpus/"
fi

"$out/limefuzz" -max_total_time="$seconds" -max_len=4096 -dict=Fuzz/json.dict \
    -artifact_prefix="$out/" -print_final_stats=1 "$@" "$out/corpus"
