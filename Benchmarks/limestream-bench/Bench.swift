import Foundation

/// Prepares the inputs, runs every contender on every workload in a process of its own, checks
/// that they agree, and writes the report.
struct Bench {
    let options: BenchOptions
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func run() throws {
        let directory = try inputDirectory()
        let inputs = try prepareInputs(in: directory)
        var rows: [Row] = []
        let fast = options.runs
        let slow = options.quick ? 2 : 1  // Foundation on the big exports takes tens of seconds a run
        let simdjson = try simdjsonContender(in: directory)

        if options.workloads.contains("seed") {
            let repeats = options.quick ? 200 : 2000
            rows += try measure(
                workload: "seed payload x\(repeats) (9.5 KB)", file: inputs.seed, kind: "payload", repeats: repeats,
                contenders: [
                    .limestream, .ondemand, .ondemandUnvalidated, .jsondecoder, .jsonserialization, .tokenizer, .index,
                ], runs: fast)
            rows += try simdjsonRows(
                simdjson, workload: "seed payload x\(repeats) (9.5 KB)", file: inputs.seed, kind: "payload",
                repeats: repeats, runs: fast)
        }
        if options.workloads.contains("payload") {
            rows += try measure(
                workload: "one payload (\(megabytes(inputs.payload)))", file: inputs.payload, kind: "payload",
                contenders: [
                    .limestream, .ondemand, .ondemandUnvalidated, .jsondecoder, .jsonserialization, .tokenizer, .index,
                ], runs: fast)
            rows += try simdjsonRows(
                simdjson, workload: "one payload (\(megabytes(inputs.payload)))", file: inputs.payload, kind: "payload",
                runs: fast)
        }
        for (name, file) in [("chat", inputs.chat), ("array", inputs.array)] where options.workloads.contains(name) {
            let workload = "\(name == "chat" ? "chat export" : "export"), JSON array (\(megabytes(file)))"
            rows +=
                try measure(
                    workload: workload, file: file, kind: "array",
                    contenders: [.limestream, .ondemand, .ondemandUnvalidated, .tokenizer, .index], runs: fast)
                + simdjsonRows(simdjson, workload: workload, file: file, kind: "array", runs: fast)
                + measure(
                    workload: workload, file: file, kind: "array", contenders: [.jsondecoder, .jsonserialization],
                    runs: slow)
        }
        if options.workloads.contains("ndjson") {
            rows +=
                try measure(
                    workload: "export, NDJSON (\(megabytes(inputs.ndjson)))", file: inputs.ndjson, kind: "ndjson",
                    contenders: [.limestream, .tokenizer], runs: fast)
                + simdjsonRows(
                    simdjson, workload: "export, NDJSON (\(megabytes(inputs.ndjson)))", file: inputs.ndjson,
                    kind: "ndjson", runs: fast)
                + measure(
                    workload: "export, NDJSON (\(megabytes(inputs.ndjson)))", file: inputs.ndjson, kind: "ndjson",
                    contenders: [.jsondecoder, .jsonserialization], runs: slow)
        }
        rows = Self.compare(rows)
        rows = Self.compareOnDemand(rows, with: "limestream", label: "extraction")
        rows = Self.compareWithSimdjson(rows)
        if options.workloads.contains("documents") {
            let benchData = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/bench-data")
            for name in ["twitter.json", "citm_catalog.json", "canada.json"] {
                let path = benchData.appendingPathComponent(name).path
                guard FileManager.default.fileExists(atPath: path) else {
                    print("skipping \(name): \(benchData.path) is absent")
                    continue
                }
                rows += try measure(
                    workload: "validate \(name)", file: path, kind: "document", repeats: options.quick ? 5 : 20,
                    contenders: [.tokenizer, .index, .ondemand, .ondemandUnvalidated, .jsonserialization], runs: fast)
            }
            rows = Self.compareOnDemand(rows, with: Contender.tokenizer.rawValue, label: "tokenizer")
        }
        if options.workloads.contains("e2e") {
            rows += try endToEnd(inputs.array, kind: "array")
            rows += try endToEnd(inputs.ndjson, kind: "ndjson")
        }
        if options.workloads.contains("convert") {
            rows += try convertRows(inputs.ndjson)
        }
        if options.workloads.contains("serve") {
            rows += try serveRows(seedFile: inputs.seed)
        }

        let report = Report(
            date: ISO8601DateFormatter().string(from: Date()),
            command: "limestream-bench " + CommandLine.arguments.dropFirst().joined(separator: " "),
            machine: Self.cpuModel(), cores: ProcessInfo.processInfo.activeProcessorCount, rows: rows)
        print("")
        print(report.table())
        let results = packageRoot.appendingPathComponent("Benchmarks/results")
        try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
        let jsonURL = URL(fileURLWithPath: options.jsonPath ?? results.appendingPathComponent("latest.json").path)
        let svgURL = URL(fileURLWithPath: options.svgPath ?? results.appendingPathComponent("latest.svg").path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: jsonURL)
        try report.svg().write(to: svgURL, atomically: true, encoding: .utf8)
        try report.table().write(
            to: jsonURL.deletingPathExtension().appendingPathExtension("txt"), atomically: true, encoding: .utf8)
        print("wrote \(jsonURL.path), \(svgURL.path)")
        if options.inputDirectory == nil { try? FileManager.default.removeItem(at: directory) }
        if rows.contains(where: { $0.agrees == false }) { throw BenchError("contenders disagree: see the table") }
    }

    // MARK: - Measuring

    func measure(
        workload: String, file: String, kind: String, repeats: Int = 1, contenders: [Contender], runs: Int
    ) throws -> [Row] {
        try contenders.map { contender in
            let validatesOnly = contender == .tokenizer || contender == .index || kind == "document"
            return try childRow(
                workload: workload, contender: contender.rawValue, program: executable.path,
                arguments: ["--child", contender.key, file, kind, String(runs), String(repeats)], file: file,
                repeats: repeats, extracts: !validatesOnly)
        }
    }

    /// Runs one in-memory child (`program arguments` prints `{"seconds":[...],"messages":N,"hash":"..."}`,
    /// as Child.swift does) and makes its row; `extracts` is false for contenders whose messages and
    /// hash mean nothing (validation only).
    func childRow(
        workload: String, contender: String, program: String, arguments: [String], file: String, repeats: Int,
        extracts: Bool
    ) throws -> Row {
        let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        print("\(workload): \(contender) ...")
        let measurement = try ProcessRunner.run(program, arguments)
        guard measurement.status == 0, let data = measurement.output.data(using: .utf8),
            let result = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let seconds = result["seconds"] as? [Double]
        else {
            throw BenchError("\(contender) on \(workload) failed (status \(measurement.status))")
        }
        return Row(
            workload: workload, contender: contender + " (in memory)", bytes: size * repeats, seconds: seconds,
            maxRSSBytes: measurement.maxRSSBytes, messages: extracts ? result["messages"] as? Int : nil,
            hash: extracts ? result["hash"] as? String : nil)
    }

    /// Marks each row as agreeing with JSONDecoder's messages and checksum on its workload, and
    /// fills in JSONDecoder's throughput for the ratio.
    static func compare(_ rows: [Row]) -> [Row] {
        rows.map { row in
            var row = row
            guard
                let baseline = rows.first(where: {
                    $0.workload == row.workload && $0.contender.hasPrefix("JSONDecoder")
                })
            else {
                return row
            }
            row.baselineMBps = baseline.mbps
            if let hash = row.hash { row.agrees = hash == baseline.hash && row.messages == baseline.messages }
            return row
        }
    }

    /// Notes on each on-demand row its ratio to the `baseline` contender of the same workload: best
    /// run against best run, and median against median.
    static func compareOnDemand(_ rows: [Row], with baseline: String, label: String) -> [Row] {
        rows.map { row in
            var row = row
            guard row.contender.hasPrefix("on-demand"), row.comparison == nil,
                let other = rows.first(where: { $0.workload == row.workload && $0.contender.hasPrefix(baseline + " (") }
                )
            else { return row }
            row.comparison = String(
                format: "%.2fx best, %.2fx median vs %@", row.maxMBps / other.maxMBps, row.mbps / other.mbps, label)
            return row
        }
    }

    /// Whole processes on an export file: `limestream extract` (one core and all cores, from the file
    /// and from stdin)
    /// against a whole-process JSONDecoder extraction writing the same lines.
    func endToEnd(_ file: String, kind: String) throws -> [Row] {
        let limestream = executable.deletingLastPathComponent().appendingPathComponent("limestream").path
        guard FileManager.default.isExecutableFile(atPath: limestream) else {
            throw BenchError("\(limestream) not found: run `swift build -c release` first")
        }
        let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        let workload = "end to end, \(kind == "array" ? "JSON array" : "NDJSON") (\(megabytes(file)))"
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var runs: [(String, String, [String], String?)] = [
            ("limestream extract FILE --jobs 1", limestream, ["extract", "--jobs", "1", file], nil),
            ("limestream extract FILE --jobs \(cores)", limestream, ["extract", "--jobs", String(cores), file], nil),
            ("limestream extract - < FILE --jobs 1", limestream, ["extract", "--jobs", "1", "-"], file),
            (
                "limestream extract - < FILE --jobs \(cores)", limestream, ["extract", "--jobs", String(cores), "-"],
                file
            ),
        ]
        runs.append(("JSONDecoder process", executable.path, ["--child", "e2e-jsondecoder", file, kind, "1"], nil))
        var rows: [Row] = []
        for (name, program, arguments, stdin) in runs {
            print("\(workload): \(name) ...")
            let count = name.hasPrefix("JSONDecoder") ? (options.quick ? 2 : 1) : options.runs
            var seconds: [Double] = []
            var rss = 0
            // One untimed run first: the file comes back into the page cache, which the
            // gigabytes of the Foundation contenders may have pushed out.
            _ = try ProcessRunner.run(program, arguments, stdinPath: stdin, discardOutput: true)
            for _ in 0..<count {
                let measurement = try ProcessRunner.run(program, arguments, stdinPath: stdin, discardOutput: true)
                guard measurement.status == 0 else { throw BenchError("\(name) exited with \(measurement.status)") }
                seconds.append(measurement.seconds)
                rss = max(rss, measurement.maxRSSBytes)
            }
            rows.append(Row(workload: workload, contender: name, bytes: size, seconds: seconds, maxRSSBytes: rss))
        }
        let baseline = rows.last!.mbps
        return rows.map { row in
            var row = row
            row.baselineMBps = baseline
            return row
        }
    }

    /// `limestream convert` and `send --dry-run` beside `extract`, whole processes on the NDJSON
    /// export, one job and one per core, interleaved run by run so that a noisy moment of the
    /// machine falls on all of them alike; each row is compared with `extract` at the same jobs.
    func convertRows(_ file: String) throws -> [Row] {
        let limestream = executable.deletingLastPathComponent().appendingPathComponent("limestream").path
        guard FileManager.default.isExecutableFile(atPath: limestream) else {
            throw BenchError("\(limestream) not found: run `swift build -c release` first")
        }
        let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        let workload = "convert, NDJSON (\(megabytes(file)))"
        let cores = String(ProcessInfo.processInfo.activeProcessorCount)
        let runs: [(name: String, arguments: [String], baseline: String?)] = [
            ("limestream extract FILE --jobs 1", ["extract", "--jobs", "1", file], nil),
            ("limestream convert FILE --jobs 1", ["convert", "--jobs", "1", file], "limestream extract FILE --jobs 1"),
            ("limestream extract FILE --jobs \(cores)", ["extract", "--jobs", cores, file], nil),
            (
                "limestream convert FILE --jobs \(cores)", ["convert", "--jobs", cores, file],
                "limestream extract FILE --jobs \(cores)"
            ),
            (
                "limestream send --dry-run FILE", ["send", "--dry-run", file, "--url", "https://lime.example.com/app"],
                "limestream extract FILE --jobs 1"
            ),
        ]
        var seconds = [[Double]](repeating: [], count: runs.count)
        var rss = [Int](repeating: 0, count: runs.count)
        for round in 0...options.runs {
            for (index, run) in runs.enumerated() {
                if round == 0 { print("\(workload): \(run.name) ...") }
                let measurement = try ProcessRunner.run(limestream, run.arguments, discardOutput: true)
                guard measurement.status == 0 else { throw BenchError("\(run.name) exited with \(measurement.status)") }
                // Round 0 brings the file back into the page cache and is not counted.
                if round > 0 {
                    seconds[index].append(measurement.seconds)
                    rss[index] = max(rss[index], measurement.maxRSSBytes)
                }
            }
        }
        var rows = runs.indices.map {
            Row(workload: workload, contender: runs[$0].name, bytes: size, seconds: seconds[$0], maxRSSBytes: rss[$0])
        }
        for index in rows.indices {
            guard let baseline = runs[index].baseline, let other = rows.first(where: { $0.contender == baseline })
            else { continue }
            rows[index].comparison = String(
                format: "%.2fx %@", rows[index].mbps / other.mbps,
                baseline.replacingOccurrences(of: "limestream ", with: ""))
        }
        return rows
    }

    static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown CPU" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) }
                ?? "unknown CPU"
        }
        return "unknown CPU"
    }
}
