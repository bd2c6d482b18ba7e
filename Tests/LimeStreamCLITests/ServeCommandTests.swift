import Foundation
import LimeTestSupport
import Testing

/// `limestream serve` as a process: killed with SIGKILL in the middle of a burst and restarted on
/// its spool, with Lime's faults on; drained by SIGTERM; secrets never on its command line.
@Suite(.serialized, .enabled(if: CLI.binary != nil, "build limestream first: swift build"))
struct ServeCommandTests {
    static let key = "serve-secret-key-51f0aa"
    static let secret = "serve-shared-secret-77c3e9d2"

    /// A running `limestream serve` and the port it reported.
    struct Running {
        var process: Process
        var port: UInt16
        var stderr: String
    }

    static func start(
        _ server: LimeTestServer, spool: String, keyFile: String, secretFile: String, extra: [String] = []
    ) throws -> Running {
        let (process, _, stderr) = try SendFaultTests.start(
            [
                "serve", "--listen", "127.0.0.1:0", "--url", server.url, "--spool", spool, "--api-key-file", keyFile,
                "--secret-file", secretFile,
                "--rate", "1000", "--timeout", "1", "--retries", "40", "--backoff", "0.01", "--concurrency", "4",
            ] + (extra.contains("--deadline") ? [] : ["--deadline", "0.5"]) + extra)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? ""
            if let range = text.range(of: "listening on 127.0.0.1:"),
                let port = UInt16(text[range.upperBound...].prefix { $0.isNumber })
            {
                return Running(process: process, port: port, stderr: stderr)
            }
            guard process.isRunning else { break }
            usleep(20_000)
        }
        throw CocoaError(
            .fileReadCorruptFile,
            userInfo: [NSLocalizedDescriptionKey: (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? "no output"]
        )
    }

    static func payload(_ id: Int) -> [UInt8] {
        Array(
            ("{\"id\":\(id),\"created_at\":\"2024-02-22T15:48:45Z\",\"operator_email\":\"op\(id % 3)@example.com\","
                + "\"contact\":{\"email\":\"c\(id % 25)@example.com\",\"name\":\"Contact \(id % 25)\"},"
                + "\"transcript\":[{\"type\":\"message\",\"sent_at\":\"2024-02-22T15:49:07Z\",\"name\":\"C\",\"body\":\"hi \(id) ü\"}]}")
                .utf8)
    }

    /// POSTs the conversations from 6 threads until `stopAfter` were acknowledged (then the
    /// caller kills the server), returning the ids acknowledged with 200.
    static func burst(
        _ ids: [Int], port: UInt16, whenAcknowledged count: Int, then action: @escaping @Sendable () -> Void
    ) -> Set<Int> {
        final class State: @unchecked Sendable {
            let lock = NSLock()
            var acknowledged = Set<Int>()
            var fired = false
            var next = 0
        }
        let state = State()
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            while true {
                state.lock.lock()
                guard state.next < ids.count else {
                    state.lock.unlock()
                    return
                }
                let id = ids[state.next]
                state.next += 1
                state.lock.unlock()
                let response = try? HTTPTestClient.request(
                    port: port, "POST", "/userlike", fields: [("API-SECURITY-TOKEN", secret)], body: payload(id),
                    timeout: 10)
                state.lock.lock()
                if response?.status == 200 { state.acknowledged.insert(id) }
                let fire = !state.fired && state.acknowledged.count >= count
                if fire { state.fired = true }
                state.lock.unlock()
                if fire { action() }
            }
        }
        return state.acknowledged
    }

    @Test func killedDuringBurstsThenEveryAcknowledgedPayloadExactlyOnce() throws {
        let lime = try LimeTestServer(
            key: Self.key, faultRate: 0.2, slowSeconds: 1.2, seed: SendFaultTests.seed, storePartial: true)
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("serve-cli-\(UUID())").path
        let keyFile = try CLI.temporaryFile(Array((Self.key + "\n").utf8), suffix: ".key")
        let secretFile = try CLI.temporaryFile(Array((Self.secret + "\n").utf8), suffix: ".secret")
        defer { try? FileManager.default.removeItem(atPath: spool) }
        var acknowledged = Set<Int>()
        var outputs: [String] = []
        var remaining = Array(1...150)
        for round in 0..<3 {
            let running = try Self.start(lime, spool: spool, keyFile: keyFile, secretFile: secretFile)
            outputs.append(running.stderr)
            let cmdline = try Data(
                contentsOf: URL(fileURLWithPath: "/proc/\(running.process.processIdentifier)/cmdline"))
            #expect(!String(decoding: cmdline, as: UTF8.self).contains(Self.key))
            #expect(!String(decoding: cmdline, as: UTF8.self).contains(Self.secret))
            let pid = running.process.processIdentifier
            // Rounds 0 and 1 are killed with SIGKILL once 40 more were acknowledged; the last one runs to the end.
            let got = Self.burst(
                remaining + (round == 2 ? Array(acknowledged.prefix(10)) : []), port: running.port,
                whenAcknowledged: round < 2 ? 40 : .max
            ) {
                kill(pid, SIGKILL)
            }
            acknowledged.formUnion(got)
            remaining.removeAll { got.contains($0) }
            if round < 2 {
                running.process.waitUntilExit()
                #expect(running.process.terminationReason == .uncaughtSignal)
                continue
            }
            // Everything acknowledged reaches Lime; then SIGTERM drains and ends the process.
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                let metrics = try HTTPTestClient.request(port: running.port, "GET", "/metrics").text
                if metrics.contains("\nlimestream_spool_depth 0\n") { break }
                usleep(100_000)
            }
            kill(pid, SIGTERM)
            running.process.waitUntilExit()
            #expect(running.process.terminationStatus == 0)
        }
        #expect(remaining.isEmpty, "never acknowledged: \(remaining)")
        // The restarts found acknowledged conversations in the spool that were not delivered yet.
        let recovered = outputs.dropFirst().compactMap { path -> Int? in
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            guard let range = text.range(of: #"\((\d+) to deliver\)"#, options: .regularExpression) else { return nil }
            return Int(text[range].dropFirst().prefix { $0.isNumber })
        }
        #expect(recovered.count == 2)
        #expect(recovered.reduce(0, +) > 0, "the kills left nothing in the spool: the restart was not tested")
        let histories = try lime.historyConversationIDs()
        var count: [String: Int] = [:]
        for id in histories { count[id, default: 0] += 1 }
        for id in acknowledged {
            #expect(count[String(id)] == 1, "conversation \(id): \(count[String(id)] ?? 0) histories")
        }
        #expect(count.values.allSatisfy { $0 == 1 }, "a history twice")
        let emails = try lime.objects("person").compactMap { $0["email"] as? String }
        #expect(emails.count == Set(emails).count, "a person twice")
        #expect(
            try lime.count("partial_bodies") == 0
                || lime.objects("history").allSatisfy { $0["userlikeconversationid"] != nil })
        let faults = try lime.counts()["faults"] as? [String: Any] ?? [:]
        #expect(faults.count >= 4, "faults were injected: \(faults)")
        for path in outputs + [spool + "/spool.ndjson", spool + "/journal.ndjson"] {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            #expect(!text.contains(Self.key) && !text.contains(Self.secret), "a secret in \(path)")
        }
    }

    /// CPU seconds the process has used (user and system).
    static func cpuSeconds(_ pid: Int32) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return 0 }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // Fields 14 and 15 of stat(5), counted after the command's closing parenthesis as 12 and 13.
        return (Double(fields[11]) ?? 0) / 100 + (Double(fields[12]) ?? 0) / 100
    }

    @Test func outOfDescriptorsItWaitsInsteadOfSpinning() throws {
        let lime = try LimeTestServer(key: Self.key)
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("serve-fd-\(UUID())").path
        let keyFile = try CLI.temporaryFile(Array((Self.key + "\n").utf8), suffix: ".key")
        let secretFile = try CLI.temporaryFile(Array((Self.secret + "\n").utf8), suffix: ".secret")
        defer { try? FileManager.default.removeItem(atPath: spool) }
        let stderr = try CLI.temporaryFile([], suffix: ".err")
        // 48 descriptors at most (soft and hard): far fewer than the connections that come.
        let process = try CLI.start(
            [
                "-c", "ulimit -n 48 && exec \"$0\" \"$@\"", CLI.binary!.path, "serve", "--listen", "127.0.0.1:0",
                "--url", lime.url, "--spool", spool, "--api-key-file", keyFile, "--secret-file", secretFile,
                "--no-check",
            ], stderr: FileHandle(forWritingAtPath: stderr), executable: URL(fileURLWithPath: "/bin/sh"))
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        var port: UInt16 = 0
        let deadline = Date().addingTimeInterval(20)
        while port == 0 && Date() < deadline {
            let text = (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? ""
            if let range = text.range(of: "listening on 127.0.0.1:") {
                port = UInt16(text[range.upperBound...].prefix { $0.isNumber }) ?? 0
            }
            usleep(20_000)
        }
        try #require(port != 0)
        var idle = try (0..<80).map { _ in try HTTPTestClient(port: port) }
        usleep(300_000)
        let before = Self.cpuSeconds(process.processIdentifier)
        usleep(1_500_000)
        let used = Self.cpuSeconds(process.processIdentifier) - before
        #expect(used < 0.1, "the acceptor spun on EMFILE: \(used) s of CPU in 1.5 s")
        // Descriptors come free: the server takes connections again.
        for client in idle { client.resetNow() }
        idle.removeAll()
        var status = 0
        let later = Date().addingTimeInterval(10)
        while status != 200 && Date() < later {
            status = (try? HTTPTestClient.request(port: port, "GET", "/healthz", timeout: 2).status) ?? 0
            if status != 200 { usleep(100_000) }
        }
        #expect(status == 200)
    }

    /// A spool on a disk that fills up: what was acknowledged is on it, and once nothing more fits
    /// the answer is 503 (nothing acknowledged) and health says so.
    @Test(.enabled(if: FullDisk.canMount, "cannot mount a 64 KiB tmpfs here (needs root and CAP_SYS_ADMIN)"))
    func aFullSpoolDiskIsRefusedNotAcknowledged() throws {
        let disk = try #require(FullDisk())
        defer { disk.unmount() }
        let lime = try LimeTestServer(key: Self.key)
        try lime.control(#"{"status": 503}"#)
        let keyFile = try CLI.temporaryFile(Array((Self.key + "\n").utf8), suffix: ".key")
        let secretFile = try CLI.temporaryFile(Array((Self.secret + "\n").utf8), suffix: ".secret")
        let running = try Self.start(
            lime, spool: disk.directory + "/spool", keyFile: keyFile, secretFile: secretFile,
            extra: ["--deadline", "0", "--no-check"])
        defer {
            kill(running.process.processIdentifier, SIGKILL)
            running.process.waitUntilExit()
        }
        var statuses: [Int] = []
        for id in 1...200 {
            let response = try HTTPTestClient.request(
                port: running.port, "POST", "/userlike", fields: [("API-SECURITY-TOKEN", Self.secret)],
                body: Self.payload(id))
            statuses.append(response.status)
            if response.status == 503 {
                #expect(response.json["error"] as? String == "the conversation could not be stored; try again")
                break
            }
        }
        #expect(statuses.last == 503, "the disk never filled: \(statuses.count) accepted")
        #expect(statuses.dropLast().allSatisfy { $0 == 200 })
        let health = try HTTPTestClient.request(port: running.port, "GET", "/healthz")
        #expect(health.status == 503)
        #expect(health.json["spool"] as? String == "failing")
    }

    /// As `send`: a mapping that does not fit Lime's schema stops serve before it listens.
    @Test func aMappingThatDoesNotFitTheSchemaIsNotServed() throws {
        let lime = try LimeTestServer(key: Self.key)
        var helpdesk = LimeTestServer.connectSchemas["helpdesk"]!
        helpdesk.removeAll { $0["name"] as? String == "title" }
        var schemas = LimeTestServer.connectSchemas
        schemas["helpdesk"] = helpdesk
        try lime.setSchemas(schemas)
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("serve-check-\(UUID())").path
        let result = try CLI.run(
            [
                "serve", "--listen", "127.0.0.1:0", "--url", lime.url, "--mapping", CheckCommandTests.connectMapping,
                "--spool", spool,
            ],
            environment: ["LIME_API_KEY": Self.key, "LIMESTREAM_SECRET": Self.secret])
        #expect(result.status == 1)
        #expect(result.stdout.contains("title"), "\(result.stdout)")
        #expect(
            result.stderr.hasSuffix(
                "limestream: serve: not started (fix the mapping, or pass --no-check to serve anyway)\n"),
            "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: spool), "a spool was made for a server that did not start")
    }

    /// README.md shows `serve --help` exactly as the binary prints it, and every form of help agrees.
    @Test func helpIsTheReadmes() throws {
        let help = try CLI.run(["help", "serve"])
        #expect(help.status == 0)
        #expect(try HelpTests.readmeBlock(after: "`limestream serve --help`:") == help.stdout)
        for form in [["serve", "--help"], ["serve", "-h"], ["serve", "--url=x", "--help"]] {
            #expect(try CLI.run(form).stdout == help.stdout, "\(form)")
        }
        #expect(
            try CLI.run(["help"]).stdout.contains(
                "\n  serve      the add-on endpoint Userlike POSTs conversations to\n"))
    }

    @Test func refusesSecretsOnTheCommandLine() throws {
        let result = try CLI.run(["serve", "--url", "https://example.com/app", "--secret", "x"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("never taken from the command line"))
        let missing = try CLI.run(["serve", "--url", "https://example.com/app"], environment: ["LIME_API_KEY": "k"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("LIMESTREAM_SECRET"))
    }
}
