import Foundation
import LimeMapping
import LimeSender
import LimeTestSupport
import LimeURLSession
import LimeUserlike
import Testing

/// Lime objects as Lime's own Userlike integration makes them, sent to the loopback server: the
/// topic instance with the person and the person's company, the conversation record with its
/// link, the history related to the instance, and both re-send rules.
@Suite(.serialized) struct TopicSendTests {
    /// `Fixtures/lime-connect-mapping.json` with the re-send rule `resend`.
    static func mapping(_ resend: MappingConfiguration.ResendRule) throws -> MappingConfiguration {
        var configuration = try MappingConfiguration(
            json: Array(Data(contentsOf: FixturePaths.fixture("lime-connect-mapping.json"))))
        configuration.resend = resend
        return configuration
    }

    /// Conversation `id` about `topic` with the first `messages` of a growing transcript.
    static func conversation(_ id: Int, topic: String?, messages: Int = 1, email: String = "ann@example.com")
        -> Conversation
    {
        var fields: [Conversation.Field: FieldValue] = [
            .id: .number(String(id)), .createdAt: .string("2024-02-22T15:48:45.349Z"),
            .operatorEmail: .string("op@example.com"),
            .contactFirstMessageSentAt: .string("2024-02-22T15:49:07.228Z"),
        ]
        if let topic { fields[.topics] = .json(#"[{"text":"\#(topic)"}]"#) }
        return Conversation(
            fields: fields,
            contact: [
                .id: .number("7\(id)"), .name: .string("Ann Smith"), .email: .string(email), .company: .string("Acme"),
            ],
            messages: (0..<messages).map { index in
                [
                    .type: .string("message"), .sentAt: .string("2024-02-22T15:5\(index):00Z"),
                    .senderName: .string("Ann"), .body: .string("line \(index)"),
                ]
            })
    }

    static func plans(_ conversations: [Conversation], _ mapping: MappingConfiguration) throws -> [LimePlan] {
        let mapper = LimeMapper(configuration: mapping)
        return try conversations.map { try mapper.plan(for: $0) }
    }

    static func server(faultRate: Double = 0, faults: String = LimeTestServer.allFaults, seed: Int = 3) throws
        -> LimeTestServer
    {
        let server = try LimeTestServer(faultRate: faultRate, faults: faults, slowSeconds: 1.5, seed: seed)
        try server.setSchemas(LimeTestServer.connectSchemas)
        return server
    }

    static func client(_ server: LimeTestServer) throws -> LimeClient {
        LimeClient(
            endpoint: try LimeEndpoint(server.url), key: try LimeAPIKey(LimeTestServer.defaultKey),
            transport: try StandardTransport.make(timeout: 1),
            policy: RetryPolicy(maximumAttempts: 30, baseDelay: 0.01, maximumDelay: 0.5),
            limiter: RateLimiter(perSecond: 2000, burst: 100))
    }

    static func send(_ plans: [LimePlan], _ server: LimeTestServer, journal: String) throws -> LimeSender.Summary {
        var queue = plans[...]
        let sender = LimeSender(
            client: try client(server), journal: try Journal(path: journal),
            deadLetters: DeadLetters(path: journal + ".dead"), concurrency: 4)
        return try sender.run(next: { queue.popFirst() })
    }

    static func id(_ object: [String: Any], _ key: String = "_id") -> Int? { (object[key] as? NSNumber)?.intValue }

    @Test func topicInstancesWithPersonCompanyAndRecord() throws {
        let server = try Self.server()
        let client = try Self.client(server)
        // Lime knows Ann, at a company whose name is not the one she typed into the chat.
        let company = try client.create("company", body: Array(#"{"name":"Real Company AB"}"#.utf8))
        let person = try client.create(
            "person", body: Array(#"{"email":"ann@example.com","company":\#(company)}"#.utf8))
        let coworker = try client.create("coworker", body: Array(#"{"email":"op@example.com"}"#.utf8))
        let journal = SenderTestSupport.temporary("topic")
        let plans = try Self.plans(
            [
                Self.conversation(1, topic: "helpdesk"), Self.conversation(2, topic: "lead"),
                Self.conversation(3, topic: "sales"), Self.conversation(4, topic: nil),
            ],
            try Self.mapping(.newNote))
        let summary = try Self.send(plans, server, journal: journal)
        #expect(summary.created == 4 && summary.failed == 0)
        // No company made from the typed name: the person's own company is attached.
        #expect(try server.objects("company").count == 1)
        #expect(try server.objects("person").count == 1)
        let records = try server.objects("ulconversation")
        #expect(records.count == 4)
        let record = records.first { Self.id($0, "conversationid") == 1 }!
        #expect(record["link"] as? String == "https://userlike.com/en/umc#/conversation/1")
        #expect(Self.id(record, "contactid") == 71)
        #expect(record["startedtime"] as? String == "2024-02-22T15:48:45.349Z")
        #expect(record["contactfirstmessagetime"] as? String == "2024-02-22T15:49:07.228Z")
        let helpdesks = try server.objects("helpdesk")
        #expect(helpdesks.count == 1)
        let helpdesk = helpdesks[0]
        #expect(
            Self.id(helpdesk, "person") == person && Self.id(helpdesk, "company") == company
                && Self.id(helpdesk, "coworker") == coworker)
        #expect(Self.id(helpdesk, "ulconversation") == Self.id(record))
        #expect(helpdesk["source"] as? String == "chat")
        let deals = try server.objects("deal")
        #expect(deals.count == 1)
        #expect(deals[0]["name"] as? String == "lead")
        let histories = try server.objects("history")
        #expect(histories.count == 4)
        func history(_ id: String) -> [String: Any] {
            histories.first { $0["userlikeconversationid"] as? String == id }!
        }
        #expect(Self.id(history("1"), "helpdesk") == Self.id(helpdesk))
        #expect(Self.id(history("2"), "deal") == Self.id(deals[0]))
        // Unknown topic, no topic: the fallback, a history related to the person and company only.
        for id in ["3", "4"] {
            #expect(history(id)["helpdesk"] == nil && history(id)["deal"] == nil)
            #expect(Self.id(history(id), "person") == person && Self.id(history(id), "company") == company)
        }
    }

    /// `new-note`: a conversation sent again with a longer transcript gets a second complete note
    /// on the same helpdesk; the same export again sends nothing at all.
    @Test func newNoteEndToEnd() throws {
        let server = try Self.server()
        let journal = SenderTestSupport.temporary("topic")
        let mapping = try Self.mapping(.newNote)
        _ = try Self.send(
            try Self.plans([Self.conversation(10, topic: "helpdesk", messages: 1)], mapping), server, journal: journal)
        let grown = try Self.plans([Self.conversation(10, topic: "helpdesk", messages: 3)], mapping)
        let second = try Self.send(grown, server, journal: journal)
        #expect(second.notesAdded == 1 && second.created == 0)
        #expect(try server.objects("helpdesk").count == 1)
        #expect(try server.objects("ulconversation").count == 1)
        let notes = try server.objects("history").map { $0["note"] as? String }
        #expect(
            notes == [
                "[2024-02-22 15:50] Ann: line 0",
                "[2024-02-22 15:50] Ann: line 0\n[2024-02-22 15:51] Ann: line 1\n[2024-02-22 15:52] Ann: line 2",
            ])
        let helpdesk = Self.id(try server.objects("helpdesk")[0])
        #expect(try server.objects("history").allSatisfy { Self.id($0, "helpdesk") == helpdesk })
        // The same export, the same journal: not one request.
        let before = try server.count("requests")
        let rerun = try Self.send(grown, server, journal: journal)
        #expect(rerun.journaled == 1)
        #expect(try server.count("requests") == before)
        // Without the journal the note is recognised: nothing new.
        let fresh = try Self.send(grown, server, journal: SenderTestSupport.temporary("topic"))
        #expect(fresh.alreadyPresent == 1)
        #expect(try server.objects("history").count == 2)
    }

    /// `update-note`: the history's note is replaced when the transcript grew, left when it did not.
    @Test func updateNoteEndToEnd() throws {
        let server = try Self.server()
        let journal = SenderTestSupport.temporary("topic")
        let mapping = try Self.mapping(.updateNote)
        _ = try Self.send(
            try Self.plans([Self.conversation(20, topic: "lead", messages: 1)], mapping), server, journal: journal)
        let grown = try Self.plans([Self.conversation(20, topic: "lead", messages: 2)], mapping)
        let second = try Self.send(grown, server, journal: journal)
        #expect(second.notesUpdated == 1)
        let histories = try server.objects("history")
        #expect(histories.count == 1)
        #expect(histories[0]["note"] as? String == "[2024-02-22 15:50] Ann: line 0\n[2024-02-22 15:51] Ann: line 1")
        #expect((try server.counts()["by_method"] as? [String: Any])?["PUT"] as? Int == 1)
        #expect(try server.objects("deal").count == 1)
        let before = try server.count("requests")
        #expect(try Self.send(grown, server, journal: journal).journaled == 1)
        #expect(try server.count("requests") == before)
        // An older, shorter transcript sent later (another journal) leaves the note as it is.
        let older = try Self.send(
            try Self.plans([Self.conversation(20, topic: "lead", messages: 1)], mapping), server,
            journal: SenderTestSupport.temporary("topic"))
        #expect(older.alreadyPresent == 1)
        #expect(
            try server.objects("history")[0]["note"] as? String
                == "[2024-02-22 15:50] Ann: line 0\n[2024-02-22 15:51] Ann: line 1")
    }

    /// Under faults that leave a request's fate unknown (answers lost after the object was stored,
    /// dropped connections, early answers, 503), both sends of 40 conversations leave one record
    /// and one instance per conversation and the notes once each.
    @Test(arguments: [MappingConfiguration.ResendRule.newNote, .updateNote])
    func exactlyOnceUnderFaults(_ rule: MappingConfiguration.ResendRule) throws {
        let server = try Self.server(faultRate: 0.3, faults: "lost,drop,early,503", seed: rule == .newNote ? 5 : 6)
        let journal = SenderTestSupport.temporary("topic")
        let mapping = try Self.mapping(rule)
        let ids = Array(100..<140)
        let first = try Self.plans(
            ids.map {
                Self.conversation($0, topic: $0 % 2 == 0 ? "helpdesk" : "lead", email: "p\($0 % 5)@example.com")
            }, mapping)
        let grown = try Self.plans(
            ids.map {
                Self.conversation(
                    $0, topic: $0 % 2 == 0 ? "helpdesk" : "lead", messages: 2, email: "p\($0 % 5)@example.com")
            }, mapping)
        #expect(try Self.send(first, server, journal: journal).failed == 0)
        let again = try Self.send(grown, server, journal: journal)
        #expect(again.failed == 0)
        #expect(again.notesAdded + again.notesUpdated + again.alreadyPresent == 40)
        let records = try server.objects("ulconversation").compactMap { Self.id($0, "conversationid") }
        #expect(records.sorted() == ids)
        #expect(try server.objects("helpdesk").count == 20 && server.objects("deal").count == 20)
        #expect(Set(try server.objects("person").compactMap { $0["email"] as? String }).count == 5)
        #expect(try server.objects("person").count == 5)
        let histories = try server.objects("history")
        let perConversation = Dictionary(grouping: histories, by: { $0["userlikeconversationid"] as? String ?? "?" })
        #expect(perConversation.count == 40)
        for (id, list) in perConversation {
            let notes = list.compactMap { $0["note"] as? String }
            #expect(notes.count == Set(notes).count, "conversation \(id): a note twice")
            #expect(list.count == (rule == .newNote ? 2 : 1), "conversation \(id): \(list.count) histories")
            #expect(notes.contains { $0.hasSuffix("line 1") }, "conversation \(id): the grown note is missing")
        }
        let faults = try server.counts()["faults"] as? [String: Any] ?? [:]
        #expect((faults["lost"] as? Int ?? 0) >= 10, "lost answers were injected: \(faults)")
    }

    @Test func theClientChecksTheMappingAgainstTheServersSchemas() throws {
        let server = try Self.server()
        let client = try Self.client(server)
        #expect(try client.checkMapping(try Self.mapping(.newNote)) == [])
        #expect(try client.checkMapping(.standard) == [])
        try server.setSchemas(["deal": nil])
        #expect(
            try client.checkMapping(try Self.mapping(.newNote)).map(\.description) == [
                "topics[1].limetype: Lime has no limetype 'deal'"
            ])
    }
}
