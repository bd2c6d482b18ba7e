import Foundation
import LimeFixtures
import LimeTestSupport
import Testing

/// `limestream send` as a process against the loopback Lime test server.
@Suite(.serialized, .enabled(if: CLI.binary != nil, "build limestream first: swift build"))
struct SendCommandTests {
    static let key = "cli-secret-key-5b7e"

    /// The loopback Lime test server, accepting this suite's key.
    static func server(
        faultRate: Double = 0, faults: String = LimeTestServer.allFaults, seed: Int = 1, storePartial: Bool = false
    ) throws -> LimeTestServer {
        try LimeTestServer(
            key: key, faultRate: faultRate, faults: faults, slowSeconds: 1.5, seed: seed, storePartial: storePartial)
    }

    /// An NDJSON export of `count` conversations with ids 1...count.
    static func export(_ count: Int) throws -> String {
        var text = ""
        for id in 1...count {
            text +=
                "{\"id\":\(id),\"created_at\":\"2024-02-22T15:48:45Z\",\"contact\":{\"email\":\"c\(id % 7)@example.com\",\"name\":\"C \(id % 7)\"},"
            text +=
                "\"transcript\":[{\"type\":\"message\",\"sent_at\":\"2024-02-22T15:49:07Z\",\"name\":\"C\",\"body\":\"hi \(id)\"}]}\n"
        }
        return try CLI.temporaryFile(Array(text.utf8), suffix: ".ndjson")
    }

    /// Runs `send` with the key in the environment.
    static func send(_ arguments: [String], key: String? = key) throws -> CLI.Result {
        try CLI.run(["send"] + arguments, environment: key.map { ["LIME_API_KEY": $0] } ?? [:])
    }

    @Test func deliversEverythingOnceAndNeverShowsTheKey() throws {
        let server = try Self.server(faultRate: 0.2)
        let input = try Self.export(40)
        let result = try Self.send([
            input, "--url", server.url, "--rate", "1000", "--timeout", "1", "--retries", "30", "--backoff", "0.01",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("40 created"))
        #expect(try server.historyConversationIDs().sorted() == (1...40).map(String.init).sorted())
        #expect(!result.stdout.contains(Self.key) && !result.stderr.contains(Self.key))
        // Again: everything is in the journal.
        let again = try Self.send([input, "--url", server.url, "--rate", "1000"])
        #expect(again.stderr.contains("0 created, 0 already present, 40 skipped"))
        #expect(try server.historyConversationIDs().count == 40)
    }

    /// kill -9 in the middle of a run, then a rerun with the same journal: still exactly once.
    @Test func killedMidRunThenRerunIsExactlyOnce() throws {
        let server = try Self.server(faultRate: 0.1)
        let input = try Self.export(300)
        let journal = input + ".journal"
        let process = try CLI.start(
            [
                "send", input, "--url", server.url, "--journal", journal, "--rate", "200", "--timeout", "1",
                "--retries",
                "30", "--backoff", "0.01",
            ], environment: ["LIME_API_KEY": Self.key])
        // Kill it once some conversations are delivered, well before all are.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, (try? server.historyConversationIDs().count) ?? 0 < 40 {
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let delivered = try server.historyConversationIDs().count
        #expect(delivered >= 40 && delivered < 300, "killed after \(delivered) deliveries")
        let rerun = try Self.send([
            input, "--url", server.url, "--journal", journal, "--rate", "1000", "--timeout", "1", "--retries", "30",
            "--backoff", "0.01",
        ])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let histories = try server.historyConversationIDs()
        #expect(histories.count == 300)
        #expect(Set(histories).count == 300)
    }

    @Test func refusals() throws {
        let input = try Self.export(2)
        let http = try Self.send([input, "--url", "http://lime.example.com/app"])
        #expect(http.status == 2)
        #expect(http.stderr.contains("http:// is refused for lime.example.com"))
        let noKey = try Self.send([input, "--url", "https://lime.example.com/app"], key: nil)
        #expect(noKey.status == 2)
        #expect(noKey.stderr.contains("LIME_API_KEY"))
        let keyArgument = try Self.send([input, "--url", "https://lime.example.com/app", "--api-key", "abc"])
        #expect(keyArgument.status == 2)
        #expect(keyArgument.stderr.contains("never taken from the command line"))
    }

    @Test func wrongKeyStopsWithExitOne() throws {
        let server = try Self.server()
        let input = try Self.export(5)
        let result = try Self.send([input, "--url", server.url, "--journal", input + ".j"], key: "wrong-key-0000")
        #expect(result.status == 1)
        #expect(result.stderr.contains("Lime refused the API key (HTTP 401)"))
        #expect(!result.stderr.contains("wrong-key-0000"))
    }

    @Test func dryRunPrintsRequestsWithoutTheKey() throws {
        let input = try Self.export(1)
        let result = try Self.send([input, "--url", "https://lime.example.com/app", "--dry-run"])
        #expect(result.status == 0)
        #expect(
            result.stdout.hasPrefix(
                "GET https://lime.example.com/app/api/v1/limeobject/person/?email=c1%40example.com&_limit=1\nPOST https://lime.example.com/app/api/v1/limeobject/person/ {"
            ))
        #expect(
            result.stdout.contains(
                "GET https://lime.example.com/app/api/v1/limeobject/history/?userlikeconversationid=1&_limit=1"))
        #expect(!result.stdout.contains(Self.key))
    }
}
