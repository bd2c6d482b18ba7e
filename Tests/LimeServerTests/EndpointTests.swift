import Foundation
import LimeFixtures
import LimeMapping
import LimeTestSupport
import Testing

@testable import LimeServer

/// `POST /userlike` end to end over loopback: the seed and generated payloads, plain and chunked,
/// concurrent, under Lime's faults; the secret; bad bodies; the deadline.
@Suite(.serialized) struct EndpointTests {
    static let secretField = ("API-SECURITY-TOKEN", ServerHarness.secret)

    @Test func generatedPayloadsConcurrentlyUnderFaultsEachDeliveredOnce() throws {
        let harness = try ServerHarness(faultRate: 0.15) { $0.deliveryDeadline = 20 }
        var generator = FixtureGenerator(seed: 18)
        let payloads = (0..<48).map { index in
            generator.conversation(messageCount: 1 + index % 9, pretty: index % 4 == 0)
        }
        let results = Results(count: payloads.count)
        DispatchQueue.concurrentPerform(iterations: payloads.count) { index in
            do {
                let client = try HTTPTestClient(port: harness.port)
                let body =
                    index % 2 == 0 ? payloads[index] : ServerHarness.chunked(payloads[index], sizes: [1 + index * 37])
                let framing = index % 2 == 0 ? "Content-Length: \(body.count)" : "Transfer-Encoding: chunked"
                try client.send(
                    Array(
                        "POST /userlike HTTP/1.1\r\nHost: a\r\nAPI-SECURITY-TOKEN: \(ServerHarness.secret)\r\n\(framing)\r\n\r\n"
                            .utf8) + body)
                results.set(index, try client.readResponse(timeout: 60))
            } catch {
                results.set(index, nil)
            }
        }
        var urls: [String] = []
        for index in payloads.indices {
            let response = try #require(results.get(index), "request \(index) got no answer")
            #expect(response.status == 200, "\(index): \(response.text)")
            if let url = response.json["url"] as? String {
                urls.append(url)
            } else {
                #expect(response.json["queued"] as? Bool == true)
            }
        }
        #expect(Set(urls).count == urls.count, "two conversations got the same history")
        #expect(urls.count > payloads.count / 2, "most were delivered within the deadline")
        // Every acknowledged payload reaches Lime exactly once.
        let deadline = Date().addingTimeInterval(30)
        while try harness.lime.historyConversationIDs().count < payloads.count && Date() < deadline { usleep(100_000) }
        let ids = try harness.lime.historyConversationIDs()
        #expect(ids.count == payloads.count)
        #expect(Set(ids).count == payloads.count, "a history was created twice")
        let faults = try harness.lime.counts()["faults"] as? [String: Any] ?? [:]
        #expect(!faults.isEmpty, "faults were injected")
        #expect(harness.server.metrics.responses(200) == payloads.count)
    }

    @Test func theSecretIsRequiredExactlyOnce() throws {
        let harness = try ServerHarness()
        #expect(try harness.post(ServerHarness.seed, fields: []).status == 401)
        #expect(
            try harness.post(ServerHarness.seed, fields: [("API-SECURITY-TOKEN", "test-secret-4b1d9e0c7")]).status
                == 401)
        #expect(try harness.post(ServerHarness.seed, fields: [Self.secretField, Self.secretField]).status == 401)
        #expect(
            try harness.post(ServerHarness.seed, fields: [("api-security-token", ServerHarness.secret)]).status == 200)
        #expect(try harness.lime.historyConversationIDs() == ["63741936"])
    }

    @Test func badBodiesAreRefusedWithTheirPosition() throws {
        let harness = try ServerHarness { $0.maximumBody = 20_000 }
        let bad = try harness.post(Array("{\"id\": 1,\n  \"transcript\": [tru]}".utf8))
        #expect(bad.status == 400)
        #expect(
            bad.json["error"] as? String == "line 2, column 21 (byte 30): invalid literal, expected 'true', found ']'",
            "\(bad.text)")
        #expect(try harness.post(Array("[{\"id\": 1}]".utf8)).status == 400)
        #expect(
            try harness.post(Array("{\"id\": 1} {\"id\": 2}".utf8)).json["error"] as? String
                == "one conversation object per request")
        #expect(try harness.post([]).status == 400)
        let large = try harness.post([UInt8](repeating: 0x20, count: 20_001))
        #expect(large.status == 413)
        // Nothing of it reached the spool or Lime.
        #expect(harness.server.metrics.deliveries("created") == 0)
        #expect(try harness.lime.historyConversationIDs().isEmpty)
    }

    @Test func aSlowLimeIsAnsweredQueuedAndDeliveredLater() throws {
        let harness = try ServerHarness(faultRate: 1, faults: "slow") { $0.deliveryDeadline = 0.3 }
        let response = try harness.post(ServerHarness.seed)
        #expect(response.status == 200)
        #expect(response.text == #"{"queued":true}"#)
        try harness.lime.control(#"{"rate": 0}"#)
        let deadline = Date().addingTimeInterval(20)
        while try harness.lime.historyConversationIDs().isEmpty && Date() < deadline { usleep(100_000) }
        #expect(try harness.lime.historyConversationIDs() == ["63741936"])
    }

    @Test func aConversationLimeRefusesIsDeadLettered() throws {
        let harness = try ServerHarness()
        try harness.lime.control(#"{"status": 400}"#)
        let response = try harness.post(ServerHarness.seed)
        #expect(response.status == 502)
        let text = try String(contentsOfFile: harness.directory + "/dead.ndjson", encoding: .utf8)
        #expect(text.contains("\"conversation_id\":\"63741936\""))
        #expect(harness.server.metrics.deliveries("dead_letter") == 1)
    }

    @Test func aLimeThatIsDownMakesHealthDegradedAndKeepsTheConversation() throws {
        let harness = try ServerHarness(faultRate: 1, faults: "drop") { $0.deliveryDeadline = 0.5 }
        #expect(try harness.post(ServerHarness.seed).text == #"{"queued":true}"#)
        let deadline = Date().addingTimeInterval(20)
        var health = try HTTPTestClient.request(port: harness.port, "GET", "/healthz")
        while health.status == 200 && Date() < deadline {
            usleep(100_000)
            health = try HTTPTestClient.request(port: harness.port, "GET", "/healthz")
        }
        #expect(health.status == 503)
        #expect(health.json["lime"] as? String == "unreachable")
        // Not dead-lettered: no answer from Lime is a reason to wait, not to give up.
        #expect(!FileManager.default.fileExists(atPath: harness.directory + "/dead.ndjson"))
        try harness.lime.control(#"{"rate": 0}"#)
        let later = Date().addingTimeInterval(20)
        while try harness.lime.historyConversationIDs().isEmpty && Date() < later { usleep(100_000) }
        #expect(try harness.lime.historyConversationIDs() == ["63741936"])
        let metrics = try HTTPTestClient.request(port: harness.port, "GET", "/metrics").text
        #expect(metrics.contains("limestream_deliveries_total{outcome=\"deferred\"}"))
    }
}

extension EndpointTests {
    @Test func aFullQueueLeavesEntriesOnDiskAndDeliversThemInOrderLater() throws {
        let harness = try ServerHarness(faultRate: 1, faults: "drop") { options in
            options.queueCapacity = 2
            options.deliveryDeadline = 0.2
            options.workers = 1
        }
        var generator = FixtureGenerator(seed: 77)
        let payloads = (0..<12).map { _ in generator.conversation(messageCount: 2) }
        for payload in payloads { #expect(try harness.post(payload).text == #"{"queued":true}"#) }
        #expect(harness.server.queue.isSpilled)
        #expect(harness.server.spool.depth == 12)
        try harness.lime.control(#"{"rate": 0}"#)
        let deadline = Date().addingTimeInterval(30)
        while try harness.lime.historyConversationIDs().count < 12 && Date() < deadline { usleep(100_000) }
        let ids = try harness.lime.historyConversationIDs()
        #expect(ids.count == 12)
        #expect(Set(ids).count == 12)
        // In the order they were accepted (one worker), the reloads included.
        #expect(ids == ids.sorted { Int($0)! < Int($1)! })
        #expect(!harness.server.queue.isSpilled)
        #expect(harness.server.spool.depth == 0)
    }
}

extension EndpointTests {
    /// Payloads full of edge cases (escapes, odd whitespace, long strings) and deep nesting, read
    /// on the connection threads' small stacks: answered, never a crash.
    @Test func adversarialAndDeeplyNestedPayloads() throws {
        let harness = try ServerHarness { $0.deliveryDeadline = 10 }
        var generator = FixtureGenerator(seed: 4, variety: .adversarial)
        for index in 0..<12 {
            let response = try harness.post(generator.conversation(messageCount: 1 + index % 5, pretty: index % 2 == 0))
            #expect(response.status == 200 || response.status == 400, "\(response.status): \(response.text)")
        }
        let deep = Array(
            ("{\"id\": 1, \"x\": " + String(repeating: "[", count: 400) + String(repeating: "]", count: 400) + "}").utf8
        )
        #expect(try harness.post(deep).status == 200)
        let tooDeep = Array(("{\"id\": 2, \"x\": " + String(repeating: "[", count: 100_000) + "}").utf8)
        let refused = try harness.post(tooDeep)
        #expect(refused.status == 400)
        #expect((refused.json["error"] as? String)?.hasPrefix("line 1, column ") == true, "\(refused.text)")
        #expect(try HTTPTestClient.request(port: harness.port, "GET", "/healthz").status == 200)
    }
}

extension EndpointTests {
    /// The mapping's re-send rule over HTTP: with `new-note`, a conversation sent again after it
    /// grew gets a second history and the answer links it; the same transcript once more sends
    /// nothing and links the newest.
    @Test func aResentConversationFollowsTheResendRule() throws {
        var mapping = MappingConfiguration.standard
        mapping.resend = .newNote
        let harness = try ServerHarness(mapping: mapping)
        let first = try harness.post(ServerHarness.seed)
        let firstURL = try #require(first.json["url"] as? String, "\(first.text)")
        // The chat went on: one more message at the end of the transcript.
        var object = try #require(try JSONSerialization.jsonObject(with: Data(ServerHarness.seed)) as? [String: Any])
        var transcript = try #require(object["transcript"] as? [Any])
        transcript.append([
            "sent_at": "2024-02-22T15:52:00.000Z", "type": "message", "sender_type": "client", "sender_name": "Contact",
            "body": "One more thing.", "body_plain": "One more thing.",
        ])
        object["transcript"] = transcript
        let grown = Array(try JSONSerialization.data(withJSONObject: object))
        let second = try harness.post(grown)
        let secondURL = try #require(second.json["url"] as? String, "\(second.text)")
        #expect(secondURL != firstURL)
        #expect(try harness.lime.historyConversationIDs() == ["63741936", "63741936"])
        let again = try harness.post(grown)
        #expect(again.json["url"] as? String == secondURL)
        #expect(try harness.lime.historyConversationIDs().count == 2)
        #expect(harness.server.metrics.deliveries("note_changed") == 1)
        #expect(harness.server.metrics.deliveries("journaled") == 1)
    }
}

/// Responses gathered from many threads.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [HTTPTestClient.Response?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: HTTPTestClient.Response?) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }
    func get(_ index: Int) -> HTTPTestClient.Response? {
        lock.lock()
        defer { lock.unlock() }
        return values[index]
    }
}
