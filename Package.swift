// swift-tools-version:6.0
// LimeStream: Userlike conversations into Lime CRM, streaming.
// Layers, each depending only on the ones below it:
//   LimeJSON (tokenizer and structural index: standard library only, plus CLimeIndex, its AVX2
//   and AVX-512 stage 1 in C) -> LimeUserlike (extraction; reads files and pipes) -> LimeMapping (pure)
//   -> LimeSender (the only client of Lime; journal and dead-letter files; LimeURLSession beside it,
//   URLSession's transport) -> LimeServer
//   (`limestream serve`: HTTP server, spool) -> limestream (thin CLI)
// Builds on Linux and on Apple's systems (the C library as Glibc or Darwin); CI runs on Linux.
import PackageDescription

let package = Package(
    name: "LimeStream",
    products: [
        .library(name: "LimeJSON", targets: ["LimeJSON"]),
        .library(name: "LimeUserlike", targets: ["LimeUserlike"]),
        .library(name: "LimeMapping", targets: ["LimeMapping"]),
        .library(name: "LimeSender", targets: ["LimeSender"]),
        .library(name: "LimeURLSession", targets: ["LimeURLSession"]),
        .library(name: "LimeServer", targets: ["LimeServer"]),
        .executable(name: "limestream", targets: ["limestream"]),
        .executable(name: "limestream-bench", targets: ["limestream-bench"]),
        .executable(name: "limestream-gen", targets: ["limestream-gen"]),
    ],
    targets: [
        // Stage 1 of the structural index, and the tokenizer's check of long string contents, for
        // processors with AVX2 or AVX-512 (run-time dispatch; the Swift paths in LimeJSON do the
        // same everywhere else). One C file, lime_index.c, which includes the string kernels.
        .target(name: "CLimeIndex"),
        .target(name: "LimeJSON", dependencies: ["CLimeIndex"]),
        .target(name: "LimeUserlike", dependencies: ["LimeJSON"]),
        .target(name: "LimeMapping", dependencies: ["LimeUserlike", "LimeJSON"]),
        .target(name: "LimeSender", dependencies: ["LimeMapping", "LimeUserlike", "LimeJSON"]),
        // URLSession's transport, and the choice of transport by platform. A target of its own:
        // on Linux URLSession is FoundationNetworking, which cost every `limestream` start 11 ms
        // (`extract` on the seed, 20.8 -> 9.6 ms); the command links this only where URLSession is
        // in Foundation.
        .target(name: "LimeURLSession", dependencies: ["LimeSender"]),
        // `limestream serve`: the add-on's HTTP endpoint, over the sender.
        .target(name: "LimeServer", dependencies: ["LimeSender", "LimeMapping", "LimeUserlike", "LimeJSON"]),
        .executableTarget(
            name: "limestream",
            dependencies: [
                "LimeServer", "LimeSender", "LimeMapping", "LimeUserlike", "LimeJSON",
                .target(
                    name: "LimeURLSession", condition: .when(platforms: [.macOS, .iOS, .tvOS, .watchOS, .visionOS])),
            ]),

        // Deterministic generator of long-transcript payloads and exports (tests and benchmarks).
        .target(name: "LimeFixtures", path: "Fixtures/Generator/LimeFixtures"),
        .executableTarget(
            name: "limestream-gen", dependencies: ["LimeFixtures"], path: "Fixtures/Generator/limestream-gen"),

        .executableTarget(
            name: "limestream-bench",
            dependencies: ["LimeJSON", "LimeUserlike", "LimeFixtures"],
            path: "Benchmarks/limestream-bench"
        ),

        .testTarget(name: "LimeJSONTests", dependencies: ["LimeJSON", "LimeFixtures", "LimeTestSupport"]),
        .testTarget(name: "LimeUserlikeTests", dependencies: ["LimeUserlike", "LimeFixtures", "LimeTestSupport"]),
        .testTarget(name: "LimeMappingTests", dependencies: ["LimeMapping", "LimeFixtures", "LimeTestSupport"]),
        // What the test targets share: fixture paths, the loopback Lime test server and its launcher
        // (sender, server and CLI tests), and the chunk drivers of the tokenizer and the export
        // readers (TokenTrace.swift and ExportTrace.swift, compiled into Fuzz/ as well).
        .target(
            name: "LimeTestSupport", dependencies: ["LimeJSON", "LimeUserlike"], path: "Tests/LimeTestSupport",
            // The server is a python3 script the tests start from its path; it is not built.
            exclude: ["Server/lime_test_server.py"]),
        .testTarget(name: "LimeSenderTests", dependencies: ["LimeSender", "LimeURLSession", "LimeTestSupport"]),
        .testTarget(
            name: "LimeServerTests",
            dependencies: [
                "LimeServer", "LimeSender", "LimeURLSession", "LimeMapping", "LimeFixtures", "LimeTestSupport",
            ]),
        .testTarget(
            name: "LimeStreamCLITests",
            dependencies: ["LimeFixtures", "LimeUserlike", "LimeMapping", "LimeTestSupport"]),
    ]
)
