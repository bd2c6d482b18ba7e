import Foundation
import LimeFixtures

#if canImport(Glibc)
    import Glibc
#endif

/// The `serve` workload: `limestream serve` (release build, spool fsync on, `--deadline 0`, so a
/// request is answered once its payload is on disk) under the bench's own keep-alive client, with
/// the seed payload and with 1 MB payloads; then the server's memory with 1,000 idle connections.
/// Lime is a closed loopback port, so nothing is delivered during the run: the row measures the
/// acknowledgement path (HTTP, extraction, mapping, spool), not Lime's rate limit (10 a second).
extension Bench {
    static let serveSecret = "bench-shared-secret-000111222"

    func serveRows(seedFile: String) throws -> [Row] {
        let limestream = executable.deletingLastPathComponent().appendingPathComponent("limestream").path
        guard FileManager.default.isExecutableFile(atPath: limestream) else {
            throw BenchError("\(limestream) not found: run `swift build -c release` first")
        }
        var generator = FixtureGenerator(seed: 2024)
        let megabyte = generator.longPayload(targetBytes: 1_000_000)
        let seed = Array(try Data(contentsOf: URL(fileURLWithPath: seedFile)))
        let seconds = options.quick ? 3.0 : 10.0
        var rows: [Row] = []
        for (name, body, connections) in [("seed payload (9.5 KB)", seed, 32), ("1 MB payload", megabyte, 8)] {
            let server = try ServeProcess(limestream: limestream, extra: [])
            defer { server.stop() }
            print("serve, \(name), \(connections) connections: \(seconds) s ...")
            let client = LoadClient(port: server.port, path: "/userlike", secret: Self.serveSecret, body: body)
            let result = client.run(connections: connections, seconds: seconds, warmup: 1)
            guard !result.latencies.isEmpty else {
                throw BenchError("serve: no request was answered (\(result.failures) failures)")
            }
            let p50 = result.latencies[result.latencies.count / 2] * 1000
            let p99 = result.latencies[min(result.latencies.count - 1, result.latencies.count * 99 / 100)] * 1000
            var row = Row(
                workload: "serve, \(name), \(connections) conns", contender: "limestream serve (fsync on)",
                bytes: body.count * result.latencies.count,
                seconds: [seconds], maxRSSBytes: server.peakRSS())
            let flushes = server.metric("limestream_spool_commits_total")
            row.comparison = String(
                format: "%.0f req/s, p50 %.2f ms, p99 %.2f ms, %d failed, %.1f per flush", result.rate, p50, p99,
                result.failures,
                flushes > 0 ? server.metric("limestream_http_responses_total{status=\"200\"}") / flushes : 0)
            rows.append(row)
        }
        // A thousand connections that sent one request each and then stay idle.
        let server = try ServeProcess(
            limestream: limestream, extra: ["--idle-timeout", "120", "--max-connections", "2000"])
        defer { server.stop() }
        let before = server.currentRSS()
        var idle: [Int32] = []
        let probe = Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        var scratch = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<1000 {
            let descriptor = LoadClient.connectLoopback(server.port)
            guard descriptor >= 0 else { throw BenchError("serve: connect failed after \(idle.count) connections") }
            _ = probe.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            _ = scratch.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            idle.append(descriptor)
        }
        sleep(1)
        let open = server.currentRSS()
        var row = Row(
            workload: "serve, 1000 idle connections", contender: "limestream serve", bytes: 0, seconds: [1],
            maxRSSBytes: server.peakRSS())
        row.comparison = String(
            format: "RSS %.1f MiB with 1000 open (%.1f MiB before)", Double(open) / 1_048_576,
            Double(before) / 1_048_576)
        rows.append(row)
        for descriptor in idle { close(descriptor) }
        return rows
    }
}

/// A `limestream serve` child on a free port with a spool of its own.
final class ServeProcess {
    let process = Process()
    let port: UInt16
    let spool: String

    init(limestream: String, extra: [String]) throws {
        spool = FileManager.default.temporaryDirectory.appendingPathComponent("limestream-bench-spool-\(UUID())").path
        process.executableURL = URL(fileURLWithPath: limestream)
        // Lime at a port nothing listens on: deliveries wait, acknowledgements are measured.
        process.arguments =
            [
                "serve", "--listen", "127.0.0.1:0", "--url", "http://127.0.0.1:9/app", "--spool", spool, "--deadline",
                "0", "--retries", "1", "--no-check",
            ] + extra
        var environment = ProcessInfo.processInfo.environment
        environment["LIME_API_KEY"] = "bench-key"
        environment["LIMESTREAM_SECRET"] = Bench.serveSecret
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let data = errors.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let range = text.range(of: "listening on 127.0.0.1:"),
            let port = UInt16(text[range.upperBound...].prefix { $0.isNumber })
        else {
            throw BenchError("serve did not start: \(text)")
        }
        self.port = port
        // Keep draining stderr so the child never blocks on it.
        let handle = errors.fileHandleForReading
        Thread.detachNewThread { while !handle.availableData.isEmpty {} }
    }

    func status(_ field: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
        else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            return (Int(line.split(separator: " ").dropFirst().first { Int($0) != nil } ?? "0") ?? 0) * 1024
        }
        return 0
    }

    /// Peak resident memory so far (VmHWM).
    func peakRSS() -> Int { status("VmHWM") }
    /// Resident memory now (VmRSS).
    func currentRSS() -> Int { status("VmRSS") }

    /// A value from `GET /metrics` (0 when absent).
    func metric(_ name: String) -> Double {
        let descriptor = LoadClient.connectLoopback(port)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        let request = Array("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var text: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            text += chunk[..<count]
        }
        for line in String(decoding: text, as: UTF8.self).split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.dropFirst(name.count + 1)) ?? 0
        }
        return 0
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: spool)
    }
}
