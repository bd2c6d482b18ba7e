import Foundation
import LimeMapping
import LimeSender
import LimeTestSupport
import LimeURLSession
import LimeUserlike
import Testing

/// The sender against a real HTTP server on loopback, with faults.
@Suite(.serialized) struct SenderIntegrationTests {
    /// `count` conversations whose contacts share a few emails, so persons must not be duplicated.
    static func plans(_ count: Int, firstID: Int = 1) throws -> [LimePlan] {
        try SenderTestSupport.plans(count, firstID: firstID, contact: { $0 % 17 }, company: { $0 % 5 })
    }

    @Test func exactlyOnceUnderTwentyPercentFaults() throws {
        let server = try LimeTestServer(faultRate: 0.2, slowSeconds: 1.5, seed: 7)
        let journal = SenderTestSupport.temporary("journal")
        let dead = SenderTestSupport.temporary("dead")
        defer { for path in [journal, dead] { try? FileManager.default.removeItem(atPath: path) } }
        var plans = try Self.plans(200)[...]
        let summary = try SenderTestSupport.sender(server, journal: journal, deadLetters: dead).run(next: {
            plans.popFirst()
        })
        #expect(summary.failed == 0)
        #expect(summary.created + summary.alreadyPresent == 200)
        let histories = try server.objects("history")
        #expect(histories.count == 200)
        #expect(Set(histories.compactMap { $0["userlikeconversationid"] as? String }).count == 200)
        let emails = try server.objects("person").compactMap { $0["email"] as? String }
        #expect(emails.count == Set(emails).count, "persons duplicated by email")
        #expect(Set(emails).count == 17)
        #expect(try server.objects("company").count == 5)
        // Relations point at the person created for the contact.
        let people = Dictionary(
            try server.objects("person").map { ($0["email"] as! String, ($0["_id"] as! NSNumber).intValue) },
            uniquingKeysWith: { a, _ in a })
        let first = histories.first { ($0["userlikeconversationid"] as? String) == "1" }!
        #expect((first["person"] as? NSNumber)?.intValue == people["p0@example.com"])  // conversation 1 is index 0
        let faults = (try server.state()["counts"] as! [String: Any])["faults"] as! [String: Any]
        #expect(faults.count >= 5, "the faults were injected: \(faults)")
        // A second run with the same journal sends nothing.
        var again = try Self.plans(200)[...]
        let rerun = try SenderTestSupport.sender(server, journal: journal, deadLetters: dead).run(next: {
            again.popFirst()
        })
        #expect(rerun.journaled == 200)
        #expect(try server.objects("history").count == 200)
    }

    /// Without the journal, a re-sent conversation is recognised by its conversation id.
    @Test func reSentConversationsAreRecognised() throws {
        let server = try LimeTestServer()
        let dead = SenderTestSupport.temporary("dead")
        var first = try Self.plans(10)[...]
        let journalA = SenderTestSupport.temporary("journal")
        let journalB = SenderTestSupport.temporary("journal")
        defer { for path in [journalA, journalB, dead] { try? FileManager.default.removeItem(atPath: path) } }
        _ = try SenderTestSupport.sender(server, journal: journalA, deadLetters: dead).run(next: { first.popFirst() })
        var second = try Self.plans(10)[...]
        let summary = try SenderTestSupport.sender(server, journal: journalB, deadLetters: dead).run(next: {
            second.popFirst()
        })
        #expect(summary.alreadyPresent == 10)
        #expect(try server.objects("history").count == 10)
    }

    @Test func unauthorizedStopsTheRun() throws {
        let server = try LimeTestServer()
        let journal = SenderTestSupport.temporary("journal")
        let dead = SenderTestSupport.temporary("dead")
        defer { for path in [journal, dead] { try? FileManager.default.removeItem(atPath: path) } }
        let client = LimeClient(
            endpoint: try LimeEndpoint(server.url), key: try LimeAPIKey("wrong-key-123"),
            transport: try StandardTransport.make(timeout: 2),
            policy: RetryPolicy(baseDelay: 0.01), limiter: RateLimiter(perSecond: 1000))
        let sender = LimeSender(
            client: client, journal: try Journal(path: journal), deadLetters: DeadLetters(path: dead))
        var plans = try Self.plans(50)[...]
        do {
            _ = try sender.run(next: { plans.popFirst() })
            Issue.record("expected the run to stop")
        } catch {
            guard case .unauthorized(let status, let message) = error else {
                Issue.record("expected unauthorized, got \(error)")
                return
            }
            #expect(status == 401)
            #expect(!message.contains("wrong-key-123"))
            #expect(!error.description.contains("wrong-key-123"))
        }
        #expect(try server.objects("history").isEmpty)
        #expect(plans.count > 30, "the run stopped early instead of trying every conversation")
    }

    /// Errors that are not retried (400, 404) send the conversation to the dead-letter file and the run goes on.
    @Test func deadLettersForClientErrors() throws {
        let server = try LimeTestServer(faultRate: 1, faults: "none")
        let journal = SenderTestSupport.temporary("journal")
        let dead = SenderTestSupport.temporary("dead")
        defer { for path in [journal, dead] { try? FileManager.default.removeItem(atPath: path) } }
        try server.control(#"{"status": 400}"#)
        var plans = try Self.plans(3)[...]
        let summary = try SenderTestSupport.sender(server, journal: journal, deadLetters: dead).run(next: {
            plans.popFirst()
        })
        #expect(summary.failed == 3)
        let lines = try String(contentsOfFile: dead, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        #expect((first["error"] as! String).hasPrefix("HTTP 400"))
        #expect((first["plan"] as? [String: Any])?["conversation_id"] != nil)
        #expect(try Journal(path: journal).count == 0)
    }

    /// A dead letter that cannot be written stops the run with an error naming the file, instead
    /// of counting the conversation as failed while it is nowhere on disk.
    @Test func unwritableDeadLettersStopTheRun() throws {
        let server = try LimeTestServer(faultRate: 1, faults: "none")
        let journal = SenderTestSupport.temporary("journal")
        let dead = SenderTestSupport.temporary("missing-directory") + "/dead.ndjson"
        defer { try? FileManager.default.removeItem(atPath: journal) }
        try server.control(#"{"status": 400}"#)
        var plans = try Self.plans(3)[...]
        #expect {
            _ = try SenderTestSupport.sender(server, journal: journal, deadLetters: dead).run(next: { plans.popFirst() }
            )
        } throws: { error in
            guard case .transport(let message) = error as? SenderError else { return false }
            return message.contains("dead letters") && message.contains(dead)
        }
        #expect(try Journal(path: journal).count == 0)
    }
}
