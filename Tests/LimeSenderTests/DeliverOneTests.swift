import Foundation
import LimeMapping
import LimeSender
import LimeTestSupport
import LimeURLSession
import Testing

/// `LimeSender.deliver(one:)`, the call `limestream serve` makes: the history's id back, the
/// journal and dead letters as in a run, and failures that may pass thrown, not recorded.
@Suite(.serialized) struct DeliverOneTests {
    @Test func createdThenJournaledWithTheHistoryID() throws {
        let server = try LimeTestServer()
        let journal = SenderTestSupport.temporary("journal")
        let dead = SenderTestSupport.temporary("dead")
        defer { for path in [journal, dead] { try? FileManager.default.removeItem(atPath: path) } }
        let sender = try SenderTestSupport.sender(server, journal: journal, deadLetters: dead)
        let plan = try SenderIntegrationTests.plans(1)[0]
        guard case .created(let limetype, let id) = try sender.deliver(one: plan) else {
            Issue.record("not created")
            return
        }
        #expect(limetype == "history")
        let stored = try server.objects("history")
        #expect(stored.count == 1)
        #expect((stored[0]["_id"] as? NSNumber)?.intValue == id)
        #expect(try sender.deliver(one: plan) == .journaled)
        #expect(try sender.historyID(of: plan) == id)
        #expect(
            sender.endpoint.object(limetype, id: id).absoluteString == server.url + "/api/v1/limeobject/history/\(id)/")
        // A fresh journal: Lime has it already, found by its conversation id.
        let other = try SenderTestSupport.sender(server, journal: journal + "2", deadLetters: dead)
        defer { try? FileManager.default.removeItem(atPath: journal + "2") }
        #expect(try other.deliver(one: plan) == .alreadyPresent(limetype: "history", id: id))
        #expect(try server.objects("history").count == 1)
    }

    @Test func refusedIsDeadLetteredAndNoAnswerIsThrown() throws {
        let server = try LimeTestServer()
        let journal = SenderTestSupport.temporary("journal")
        let dead = SenderTestSupport.temporary("dead")
        defer { for path in [journal, dead] { try? FileManager.default.removeItem(atPath: path) } }
        // Few, quick retries: the test waits them out once.
        let client = LimeClient(
            endpoint: try LimeEndpoint(server.url), key: try LimeAPIKey(LimeTestServer.defaultKey),
            transport: try StandardTransport.make(timeout: 1),
            policy: RetryPolicy(maximumAttempts: 3, baseDelay: 0.01, maximumDelay: 0.05),
            limiter: RateLimiter(perSecond: 2000, burst: 100))
        let sender = LimeSender(
            client: client, journal: try Journal(path: journal), deadLetters: DeadLetters(path: dead))
        let plans = try SenderIntegrationTests.plans(2)
        try server.control(#"{"status": 400}"#)
        guard case .deadLettered(let message) = try sender.deliver(one: plans[0]) else {
            Issue.record("not dead-lettered")
            return
        }
        #expect(message.hasPrefix("HTTP 400"))
        #expect(try DeadLetters.conversationIDs(in: dead) == [plans[0].conversationID])
        // A Lime that does not answer: thrown, nothing recorded, and the sender still works after.
        try server.control(#"{"status": null, "rate": 1, "faults": ["drop"]}"#)
        #expect(throws: SenderError.self) { try sender.deliver(one: plans[1]) }
        #expect(try DeadLetters.conversationIDs(in: dead) == [plans[0].conversationID])
        #expect(sender.retries > 0)
        try server.control(#"{"rate": 0}"#)
        guard case .created = try sender.deliver(one: plans[1]) else {
            Issue.record("not delivered once Lime answered")
            return
        }
    }
}
