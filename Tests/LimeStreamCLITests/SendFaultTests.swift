import Foundation
import LimeTestSupport
import Testing

/// `limestream send` as a process under faults: killed with SIGKILL and rerun, dead letters sent
/// again, a Lime that does not answer at all.
@Suite(.serialized, .enabled(if: CLI.binary != nil, "build limestream first: swift build"))
struct SendFaultTests {
    static let key = "fault-secret-key-93c1d7"

    /// The seed of the fault test (`LIMESTREAM_CHAOS_SEED`, default 1), so that a loop can run it
    /// with many: `for s in $(seq 1 20); do LIMESTREAM_CHAOS_SEED=$s swift test --filter killed; done`.
    static let seed = Int(ProcessInfo.processInfo.environment["LIMESTREAM_CHAOS_SEED"] ?? "") ?? 1

    /// An NDJSON export of conversations 1...count over `contacts` contacts (emails repeat, and
    /// companies more often), with the first `repeated` conversations given a second time.
    static func export(_ count: Int, contacts: Int, repeated: Int = 0) throws -> String {
        func line(_ id: Int) -> String {
            let contact = id % contacts
            return
                "{\"id\":\(id),\"created_at\":\"2024-02-22T15:48:45Z\",\"operator_email\":\"op\(id % 3)@example.com\","
                + "\"contact\":{\"email\":\"c\(contact)@example.com\",\"name\":\"Contact \(contact)\",\"company\":\"Company \(contact % 9)\"},"
                + "\"transcript\":[{\"type\":\"message\",\"sent_at\":\"2024-02-22T15:49:07Z\",\"name\":\"C\",\"body\":\"hi \(id) ü😀\"}]}\n"
        }
        var text = ""
        for id in 1...count {
            text += line(id)
            // Copies right behind their first (both in flight at once) and, for others, at the end.
            if id <= repeated && id % 2 == 0 { text += line(id) }
        }
        for id in stride(from: 1, through: repeated, by: 2) { text += line(id) }
        return try CLI.temporaryFile(Array(text.utf8), suffix: ".ndjson")
    }

    static func keyFile() throws -> String {
        try CLI.temporaryFile(Array((key + "\n").utf8), suffix: ".key")
    }

    /// Patient settings for a shared machine: a 1 s timeout, many quick retries.
    static func arguments(_ input: String, _ server: LimeTestServer, keyFile: String) -> [String] {
        [
            "send", input, "--url", server.url, "--api-key-file", keyFile, "--rate", "1000", "--timeout", "1",
            "--retries", "40", "--backoff", "0.01",
        ]
    }

    /// Starts `limestream ARGUMENTS` with stdout and stderr going to files.
    static func start(_ arguments: [String]) throws -> (process: Process, stdout: String, stderr: String) {
        let stdout = try CLI.temporaryFile([], suffix: ".out")
        let stderr = try CLI.temporaryFile([], suffix: ".err")
        let process = try CLI.start(
            arguments, stdout: FileHandle(forWritingAtPath: stdout), stderr: FileHandle(forWritingAtPath: stderr))
        return (process, stdout, stderr)
    }

    static func lineCount(_ path: String) -> Int {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    /// 320 conversations (300 ids, 20 given twice) over 60 contacts, 20% faults of every kind, a
    /// server that stores partial bodies; the run killed with SIGKILL at three moments, then run to
    /// its end: every conversation's history exactly once, no person or company twice, nothing
    /// empty, exit 0, and the key in no output, file or command line.
    @Test func killedThreeTimesUnderEveryFaultThenExactlyOnce() throws {
        let server = try LimeTestServer(
            key: Self.key, faultRate: 0.2, slowSeconds: 1.2, seed: Self.seed, storePartial: true)
        let input = try Self.export(300, contacts: 60, repeated: 20)
        let keyFile = try Self.keyFile()
        let journal = input + ".limestream-journal"
        let deadLetters = input + ".dead-letter.ndjson"
        var outputs: [String] = []
        for target in [40, 130, 220] {
            let run = try Self.start(Self.arguments(input, server, keyFile: keyFile))
            outputs += [run.stdout, run.stderr]
            let cmdline = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(run.process.processIdentifier)/cmdline"))
            #expect(!String(decoding: cmdline, as: UTF8.self).contains(Self.key), "the key is on the command line")
            let deadline = Date().addingTimeInterval(90)
            while Date() < deadline, run.process.isRunning, Self.lineCount(journal) < target {
                Thread.sleep(forTimeInterval: 0.01)
            }
            #expect(
                run.process.isRunning,
                "run ended before it was killed at \(target): \((try? String(contentsOfFile: run.stderr, encoding: .utf8)) ?? "")"
            )
            kill(run.process.processIdentifier, SIGKILL)
            run.process.waitUntilExit()
        }
        let last = try Self.start(Self.arguments(input, server, keyFile: keyFile))
        outputs += [last.stdout, last.stderr]
        last.process.waitUntilExit()
        let stderr = (try? String(contentsOfFile: last.stderr, encoding: .utf8)) ?? ""
        #expect(last.process.terminationStatus == 0, "\(stderr)")
        #expect(stderr.contains(" 0 failed"), "\(stderr)")

        let histories = try server.historyConversationIDs()
        #expect(histories.count == 300, "\(histories.count) histories for 300 conversations")
        #expect(Set(histories) == Set((1...300).map(String.init)))
        for limetype in ["history", "person", "company"] {
            #expect(try server.objects(limetype).allSatisfy { Set($0.keys) != ["_id"] }, "an empty \(limetype)")
        }
        let emails = try server.objects("person").compactMap { $0["email"] as? String }
        #expect(emails.count == 60 && Set(emails).count == 60, "\(emails.count) persons for 60 contacts")
        let companies = try server.objects("company").compactMap { $0["name"] as? String }
        #expect(companies.count == 9 && Set(companies).count == 9, "\(companies.count) companies for 9")
        #expect(try server.count("reused_posts") == 0)
        #expect(try server.count("glued_requests") == 0)
        #expect(
            !FileManager.default.fileExists(atPath: deadLetters),
            "dead letters: \((try? String(contentsOfFile: deadLetters, encoding: .utf8)) ?? "")")
        for path in outputs + [journal, deadLetters] {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            #expect(!text.contains(Self.key), "the key is in \(path)")
        }
    }

    /// Conversations that Lime refuses (400) are dead-lettered once, however often the export is
    /// rerun; `send --replay` sends them again once Lime takes them, and the file then goes away.
    @Test func deadLettersAreWrittenOnceAndReplayed() throws {
        let server = try LimeTestServer(key: Self.key)
        let input = try Self.export(12, contacts: 5)
        let keyFile = try Self.keyFile()
        let deadLetters = input + ".dead-letter.ndjson"
        try server.control(#"{"status": 400}"#)
        let first = try CLI.run(Self.arguments(input, server, keyFile: keyFile))
        #expect(first.status == 3)
        #expect(
            first.stderr.hasSuffix(
                "0 created, 0 already present, 0 skipped (in the journal \(input).limestream-journal), 12 failed (dead letters: \(deadLetters))\n"
            ))
        let again = try CLI.run(Self.arguments(input, server, keyFile: keyFile))
        #expect(again.status == 3)
        #expect(Self.lineCount(deadLetters) == 12, "a rerun wrote dead letters again")

        // Lime still refuses: the file keeps all twelve, with the new error.
        let refused = try CLI.run([
            "send", "--replay", deadLetters, "--url", server.url, "--api-key-file", keyFile, "--backoff", "0.01",
            "--rate", "1000",
        ])
        #expect(refused.status == 3)
        #expect(refused.stderr.hasSuffix("12 failed (12 dead letters left in \(deadLetters))\n"), "\(refused.stderr)")
        #expect(Self.lineCount(deadLetters) == 12)

        try server.control(#"{"status": null}"#)
        let replay = try CLI.run([
            "send", "--replay", deadLetters, "--url", server.url, "--api-key-file", keyFile, "--backoff", "0.01",
            "--rate", "1000",
        ])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(
            replay.stderr
                == "limestream: send: 12 created, 0 already present, 0 skipped (in the journal \(input).limestream-journal), 0 failed (no dead letters left: \(deadLetters) removed)\n"
        )
        #expect(!FileManager.default.fileExists(atPath: deadLetters))
        #expect(try server.historyConversationIDs().sorted() == (1...12).map(String.init).sorted())
        // The export's journal has them: the export sends nothing more.
        let rerun = try CLI.run(Self.arguments(input, server, keyFile: keyFile))
        #expect(rerun.status == 0)
        #expect(rerun.stderr.contains("0 created, 0 already present, 12 skipped"))
        #expect(try server.objects("history").count == 12)
    }

    /// A replay of which only some get through keeps exactly the rest; a line that is not a dead
    /// letter is reported and kept.
    @Test func aPartialReplayKeepsTheRest() throws {
        let server = try LimeTestServer(key: Self.key)
        let input = try Self.export(6, contacts: 6)
        let keyFile = try Self.keyFile()
        let deadLetters = input + ".dead-letter.ndjson"
        try server.control(#"{"status": 400}"#)
        _ = try CLI.run(Self.arguments(input, server, keyFile: keyFile))
        var lines = try String(contentsOfFile: deadLetters, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 6)
        lines.insert("not json", at: 2)
        try (lines.joined(separator: "\n") + "\n").write(toFile: deadLetters, atomically: true, encoding: .utf8)
        try server.control(#"{"status": null}"#)
        // Conversations 1 to 3 get through beforehand, through the export's own journal.
        let journal = input + ".limestream-journal"
        let head = try CLI.temporaryFile(
            Array(
                try String(contentsOfFile: input, encoding: .utf8).split(separator: "\n").prefix(3).joined(
                    separator: "\n"
                ).utf8), suffix: ".ndjson")
        #expect(
            try CLI.run(["send", head, "--journal", journal, "--url", server.url, "--api-key-file", keyFile]).status
                == 0)
        let replay = try CLI.run(["send", "--replay", deadLetters, "--url", server.url, "--api-key-file", keyFile])
        #expect(replay.status == 3, "\(replay.stderr)")
        #expect(
            replay.stderr.contains("limestream: \(deadLetters): line 3: not a dead letter (no plan member)\n"),
            "\(replay.stderr)")
        #expect(replay.stderr.contains("3 created, 0 already present, 3 skipped"), "\(replay.stderr)")
        #expect(try String(contentsOfFile: deadLetters, encoding: .utf8) == "not json\n")
        #expect(try server.historyConversationIDs().sorted() == (1...6).map(String.init).sorted())
    }

    /// Nothing listens at the URL: the run stops after a few conversations with exit 1 instead of
    /// dead-lettering the whole export, and a rerun does not write the same dead letters again.
    @Test func aLimeThatNeverAnswersStopsTheRun() throws {
        let port = try Self.closedPort()
        let input = try Self.export(200, contacts: 50)
        let keyFile = try Self.keyFile()
        let deadLetters = input + ".dead-letter.ndjson"
        // The schema check comes first, and stops there: nothing tried, nothing dead-lettered.
        let checked = try CLI.run([
            "send", input, "--url", "http://127.0.0.1:\(port)/app", "--api-key-file", keyFile, "--retries", "2",
            "--backoff", "0.01",
        ])
        #expect(checked.status == 1, "\(checked.stderr)")
        #expect(
            checked.stderr.hasPrefix("limestream: check: cannot read the schema: no answer from Lime: "),
            "\(checked.stderr)")
        #expect(!FileManager.default.fileExists(atPath: deadLetters))
        // Past the check, the sender's own stop.
        let arguments = [
            "send", input, "--url", "http://127.0.0.1:\(port)/app", "--api-key-file", keyFile, "--retries", "2",
            "--backoff", "0.01", "--no-check",
        ]
        let first = try CLI.run(arguments)
        #expect(first.status == 1, "\(first.stderr)")
        #expect(
            first.stderr.hasPrefix(
                "limestream: cannot reach Lime at http://127.0.0.1:\(port)/app: the last 3 conversations got no answer ("
            ), "\(first.stderr)")
        #expect(
            first.stderr.hasSuffix(
                "). Stopped; nothing more was sent. Rerun when Lime answers: the journal skips what got through.\n"))
        let written = Self.lineCount(deadLetters)
        #expect((3...8).contains(written), "\(written) dead letters")
        let second = try CLI.run(arguments)
        #expect(second.status == 1)
        let ids = try String(contentsOfFile: deadLetters, encoding: .utf8).split(separator: "\n").map { line in
            (try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])["conversation_id"] as! String
        }
        #expect(ids.count == Set(ids).count, "dead letters written twice: \(ids)")
    }

    /// A journal on a full disk: the first conversation is delivered but cannot be recorded, so the
    /// run stops (exit 1, the journal's path and the system's reason), with no dead letter for a
    /// conversation Lime has; the rerun with room finds its history instead of making another.
    @Test(.enabled(if: FullDisk.canMount, "cannot mount a 64 KiB tmpfs here (needs root and CAP_SYS_ADMIN)"))
    func aJournalThatCannotBeWrittenStopsTheRun() throws {
        guard let disk = FullDisk() else { return }
        defer { disk.unmount() }
        let server = try LimeTestServer(key: Self.key)
        let input = try Self.export(20, contacts: 5)
        let keyFile = try Self.keyFile()
        let journal = disk.directory + "/journal"
        _ = FileManager.default.createFile(atPath: journal, contents: nil)
        // Fill the disk to the last byte.
        _ = FileManager.default.createFile(atPath: disk.directory + "/filler", contents: Data(count: 64 * 1024))
        let deadLetters = input + ".dead-letter.ndjson"
        let arguments = Self.arguments(input, server, keyFile: keyFile) + ["--journal", journal, "--concurrency", "1"]
        let full = try CLI.run(arguments)
        #expect(full.status == 1, "\(full.stderr)")
        #expect(
            full.stderr
                == "limestream: no answer from Lime: cannot write the journal \(journal): No space left on device\n",
            "\(full.stderr)")
        #expect(!FileManager.default.fileExists(atPath: deadLetters), "a delivered conversation was dead-lettered")
        let delivered = try server.historyConversationIDs()
        #expect(delivered.count == 1)
        try FileManager.default.removeItem(atPath: disk.directory + "/filler")
        let rerun = try CLI.run(arguments)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("19 created, 1 already present, 0 skipped"), "\(rerun.stderr)")
        #expect(try server.historyConversationIDs().sorted() == (1...20).map(String.init).sorted())
    }

    /// A loopback port that nothing listens on (bound, then closed).
    static func closedPort() throws -> Int {
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { throw CocoaError(.fileWriteUnknown) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
