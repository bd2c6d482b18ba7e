import Foundation

// MARK: - The simdjson On-Demand contender

/// `Benchmarks/simdjson/extract.cpp` compiled for this run: simdjson's On-Demand API extracting
/// the extractor's fields and computing the same checksum, in a child process timed as the Swift
/// children time themselves. It is no SwiftPM target (the package builds where simdjson is
/// absent): the suite compiles it with g++ when `libsimdjson-dev` is installed.
struct SimdjsonContender {
    /// The contender's name in the table (the rows add " (in memory)").
    static let name = "simdjson On-Demand"
    /// Where Debian's `libsimdjson-dev` puts its header.
    static let header = "/usr/include/simdjson.h"

    /// The compiled program.
    let program: String
}

extension Bench {
    /// Compiles the simdjson contender into `directory`, or returns nil (printing why) when
    /// simdjson or g++ is absent or no chosen workload has simdjson rows.
    func simdjsonContender(in directory: URL) throws -> SimdjsonContender? {
        guard !options.workloads.isDisjoint(with: ["seed", "payload", "array", "ndjson", "chat"]) else { return nil }
        guard FileManager.default.fileExists(atPath: SimdjsonContender.header) else {
            print("skipping the simdjson rows: \(SimdjsonContender.header) is absent (apt-get install libsimdjson-dev)")
            return nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard
            let compiler = path.split(separator: ":").map({ "\($0)/g++" }).first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            print("skipping the simdjson rows: g++ is not on PATH")
            return nil
        }
        let source = packageRoot.appendingPathComponent("Benchmarks/simdjson/extract.cpp").path
        let program = directory.appendingPathComponent("simdjson-extract").path
        print("compiling \(source) ...")
        let compiled = try ProcessRunner.run(
            compiler, ["-std=c++17", "-O3", "-march=native", "-o", program, source, "-lsimdjson"], discardOutput: true)
        guard compiled.status == 0 else { throw BenchError("g++ failed on \(source) (status \(compiled.status))") }
        return SimdjsonContender(program: program)
    }

    /// The simdjson row of one workload (none without the contender): its messages and checksum
    /// go through the same check against JSONDecoder as every other row.
    func simdjsonRows(
        _ simdjson: SimdjsonContender?, workload: String, file: String, kind: String, repeats: Int = 1, runs: Int
    ) throws -> [Row] {
        guard let simdjson else { return [] }
        return [
            try childRow(
                workload: workload, contender: SimdjsonContender.name, program: simdjson.program,
                arguments: [file, kind, String(runs), String(repeats)], file: file, repeats: repeats, extracts: true)
        ]
    }

    /// Notes simdjson's median throughput on every extracting row of a workload that has a
    /// simdjson row, for the "vs simdjson" column (simdjson's own row included, at 1.0x).
    static func compareWithSimdjson(_ rows: [Row]) -> [Row] {
        rows.map { row in
            var row = row
            guard row.hash != nil,
                let simdjson = rows.first(where: {
                    $0.workload == row.workload && $0.contender.hasPrefix(SimdjsonContender.name + " (")
                })
            else { return row }
            row.simdjsonMBps = simdjson.mbps
            return row
        }
    }
}
