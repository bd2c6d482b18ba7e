import Foundation
import LimeMapping
import LimeSender
import LimeTestSupport
import LimeUserlike
import Testing

/// Exactly once under every fault the test server injects, the ones that break a naive HTTP client
/// included: an answer that comes before the body was read (on a connection kept open) and a server
/// that stores the partial body of a POST.
@Suite(.serialized) struct ExactlyOnceTests {
    /// The fault seed (`LIMESTREAM_CHAOS_SEED`, default 11), for loops over many seeds.
    static let seed = Int(ProcessInfo.processInfo.environment["LIMESTREAM_CHAOS_SEED"] ?? "") ?? 11

    /// `count` conversations over `contacts` contacts (so persons and companies repeat), with the
    /// first `repeated` conversations given a second time further on (overlapping exports).
    static func plans(_ count: Int, contacts: Int, repeated: Int = 0) throws -> [LimePlan] {
        var plans = try SenderTestSupport.plans(
            count, firstID: 5000, contact: { $0 % contacts }, company: { $0 % contacts % 7 },
            operatorEmail: { "op\($0 % 3)@example.com" })
        // The copies stand both right after their first (both in flight at once) and far from it.
        for index in 0..<repeated {
            plans.insert(plans[index], at: index % 2 == 0 ? 2 * index + 1 : plans.count)
        }
        return plans
    }

    /// Checks the server's store: each conversation's history once, nothing empty, nothing twice.
    static func expectExactlyOnce(_ server: LimeTestServer, ids: Set<String>, contacts: Int) throws {
        let histories = try server.objects("history")
        let historyIDs = histories.compactMap { $0["userlikeconversationid"] as? String }
        #expect(historyIDs.count == histories.count, "a history without a conversation id")
        #expect(historyIDs.count == ids.count, "histories: \(historyIDs.count) for \(ids.count) conversations")
        #expect(Set(historyIDs) == ids)
        for limetype in ["history", "person", "company"] {
            let empty = try server.objects(limetype).filter { Set($0.keys) == ["_id"] }
            #expect(empty.isEmpty, "\(empty.count) \(limetype) objects stored without properties")
        }
        let emails = try server.objects("person").compactMap { $0["email"] as? String }
        #expect(
            emails.count == Set(emails).count, "persons duplicated: \(emails.count) for \(Set(emails).count) emails")
        #expect(Set(emails).count == contacts)
        let companies = try server.objects("company").compactMap { $0["name"] as? String }
        #expect(companies.count == Set(companies).count, "companies duplicated")
        let counts = try server.counts()
        #expect(
            (counts["reused_posts"] as? NSNumber)?.intValue == 0,
            "a create went out on a connection that had carried a request before")
        #expect(
            (counts["glued_requests"] as? NSNumber)?.intValue == 0,
            "a request reached the server glued to an unread body")
    }

    @Test func everyFaultKindWithRepeatedIDs() throws {
        let server = try LimeTestServer(faultRate: 0.2, slowSeconds: 1.2, seed: Self.seed, storePartial: true)
        let journal = SenderTestSupport.temporary("journal")
        let dead = SenderTestSupport.temporary("dead")
        defer { for path in [journal, dead] { try? FileManager.default.removeItem(atPath: path) } }
        let all = try Self.plans(300, contacts: 60, repeated: 20)
        var plans = all[...]
        let summary = try SenderTestSupport.sender(server, journal: journal, deadLetters: dead).run(next: {
            plans.popFirst()
        })
        #expect(summary.failed == 0, "dead letters: \((try? String(contentsOfFile: dead, encoding: .utf8)) ?? "")")
        #expect(summary.created + summary.alreadyPresent + summary.journaled == all.count)
        try Self.expectExactlyOnce(server, ids: Set(all.map(\.conversationID)), contacts: 60)
        let faults = try server.counts()["faults"] as? [String: Any] ?? [:]
        #expect(
            Set(faults.keys) == Set(LimeTestServer.allFaults.split(separator: ",").map(String.init)),
            "every fault was injected: \(faults)")
    }

    /// Early answers only, on every other request: without single-shot creates the next request on
    /// such a connection is read as garbage (400, final) and the conversation is dead-lettered.
    @Test func earlyAnswersPoisonNoConnection() throws {
        let server = try LimeTestServer(faultRate: 0.5, faults: "early", seed: 3, storePartial: true)
        let journal = SenderTestSupport.temporary("journal")
        let dead = SenderTestSupport.temporary("dead")
        defer { for path in [journal, dead] { try? FileManager.default.removeItem(atPath: path) } }
        let all = try Self.plans(60, contacts: 20)
        var plans = all[...]
        let summary = try SenderTestSupport.sender(server, journal: journal, deadLetters: dead).run(next: {
            plans.popFirst()
        })
        #expect(summary.failed == 0)
        try Self.expectExactlyOnce(server, ids: Set(all.map(\.conversationID)), contacts: 20)
    }

    /// Requests per conversation with repeat contacts and no faults, counted at the server: one
    /// lookup and one create for each history, each person and company once, each coworker looked
    /// up once (300 conversations, 60 contacts, 7 companies, 3 operators: 600 + 120 + 14 + 3).
    @Test func requestsPerConversation() throws {
        let server = try LimeTestServer()
        let journal = SenderTestSupport.temporary("journal")
        let dead = SenderTestSupport.temporary("dead")
        defer { for path in [journal, dead] { try? FileManager.default.removeItem(atPath: path) } }
        var plans = try Self.plans(300, contacts: 60)[...]
        let summary = try SenderTestSupport.sender(server, journal: journal, deadLetters: dead).run(next: {
            plans.popFirst()
        })
        #expect(summary.created == 300)
        let methods = try server.counts()["by_method"] as? [String: Any] ?? [:]
        #expect((methods["GET"] as? NSNumber)?.intValue == 300 + 60 + 7 + 3)
        #expect((methods["POST"] as? NSNumber)?.intValue == 300 + 60 + 7)
        #expect(try server.count("requests") == 737, "2.46 requests per conversation")
    }

    /// The same conversation twice in a row, with no faults: one history, the copy is skipped.
    @Test func duplicateIDsInFlightCreateOneHistory() throws {
        let server = try LimeTestServer()
        let journal = SenderTestSupport.temporary("journal")
        let dead = SenderTestSupport.temporary("dead")
        defer { for path in [journal, dead] { try? FileManager.default.removeItem(atPath: path) } }
        let unique = try Self.plans(20, contacts: 20)
        var plans = unique.flatMap { [$0, $0] }[...]
        let summary = try SenderTestSupport.sender(server, journal: journal, deadLetters: dead, concurrency: 8).run(
            next: {
                plans.popFirst()
            })
        #expect(summary.created == 20)
        #expect(summary.journaled == 20)
        #expect(try server.objects("history").count == 20)
    }
}
