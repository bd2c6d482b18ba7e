import Foundation
import LimeMapping
import LimeTestSupport
import LimeUserlike
import Testing

/// Topic instances, the conversation record, the person's company and the re-send rule, as
/// `Fixtures/lime-connect-mapping.json` (Lime's own integration) has them.
@Suite struct TopicMappingTests {
    static let connect: MappingConfiguration = {
        try! MappingConfiguration(
            json: Array(Data(contentsOf: FixturePaths.fixture("lime-connect-mapping.json"))))
    }()

    /// A conversation with `topics` (compact JSON, as extraction stores an array) and a notification.
    static func conversation(topics: String?, id: Int = 42) -> Conversation {
        var fields: [Conversation.Field: FieldValue] = [
            .id: .number(String(id)), .createdAt: .string("2024-02-22T15:48:45.349Z"),
            .operatorEmail: .string("op@example.com"),
            .contactFirstMessageSentAt: .string("2024-02-22T15:49:07.228Z"),
        ]
        if let topics { fields[.topics] = .json(topics) }
        return Conversation(
            fields: fields,
            contact: [
                .id: .number("79189089"), .name: .string("Ann Smith"), .email: .string("ann@example.com"),
                .company: .string("Acme"),
            ],
            messages: [
                [
                    .type: .string("notification"), .sentAt: .string("2024-02-22T15:48:45Z"),
                    .senderName: .string("Event"), .body: .string("Welcome"),
                ],
                [
                    .type: .string("message"), .sentAt: .string("2024-02-22T15:49:07Z"), .senderName: .string("Ann"),
                    .body: .string("Hi"),
                ],
            ])
    }

    static func plan(_ topics: String?) throws -> LimePlan {
        try LimeMapper(configuration: connect).plan(for: conversation(topics: topics))
    }

    @Test func twoTopicsGoToTheirLimetypes() throws {
        let helpdesk = try Self.plan(#"[{"text":"helpdesk"}]"#)
        #expect(helpdesk.objects.map(\.role) == [.person, .company, .coworker, .conversation, .instance, .history])
        let object = helpdesk.objects[4]
        #expect(object.limetype == "helpdesk")
        #expect(object.lookups == [LimeLookup(property: "ulconversation", target: .conversation)])
        #expect(object.create == [LimeProperty(name: "source", value: .string("chat"))])  // subject is null: left out
        #expect(
            object.relations == [
                LimeRelation(property: "company", target: .company),
                LimeRelation(property: "coworker", target: .coworker),
                LimeRelation(property: "person", target: .person),
                LimeRelation(property: "ulconversation", target: .conversation),
            ])
        #expect(helpdesk.objects[5].relations.last == LimeRelation(property: "helpdesk", target: .instance))
        // The first of several topics that an instance names wins; the topic text is a source.
        let lead = try Self.plan(#"[{"text":"unknown"},{"text":"lead"},{"text":"helpdesk"}]"#)
        let deal = lead.objects.first { $0.role == .instance }!
        #expect(deal.limetype == "deal")
        #expect(deal.create == [LimeProperty(name: "name", value: .string("lead"))])
        #expect(lead.objects.last!.relations.last == LimeRelation(property: "deal", target: .instance))
    }

    @Test func anUnknownTopicOrNoneFallsBackToTheFourRoles() throws {
        for topics in [#"[{"text":"sales"}]"#, "[]", nil, #"{"text":"helpdesk"}"#] {
            let plan = try Self.plan(topics)
            #expect(
                plan.objects.map(\.role) == [.person, .company, .coworker, .conversation, .history],
                "\(topics ?? "no topics")")
            #expect(!plan.objects.last!.relations.contains { $0.target == .instance })
        }
    }

    @Test func theConversationRecordHasTheLink() throws {
        let record = try Self.plan(nil).objects.first { $0.role == .conversation }!
        #expect(record.limetype == "ulconversation")
        #expect(record.lookups == [LimeLookup(property: "conversationid", value: "42")])
        #expect(
            record.create == [
                LimeProperty(name: "conversationid", value: .number("42")),
                LimeProperty(name: "contactfirstmessagetime", value: .string("2024-02-22T15:49:07.228Z")),
                LimeProperty(name: "contactid", value: .number("79189089")),
                LimeProperty(name: "link", value: .string("https://userlike.com/en/umc#/conversation/42")),
                LimeProperty(name: "startedtime", value: .string("2024-02-22T15:48:45.349Z")),
            ])
    }

    @Test func theFoundPersonBringsItsCompany() throws {
        let person = try Self.plan(nil).objects[0]
        #expect(person.adopts == [LimeRelation(property: "company", target: .company)])
        // The default mapping has no companyRelation: no adopts, and the line has no member for it.
        let standard = try LimeMapper().plan(for: Self.conversation(topics: #"[{"text":"helpdesk"}]"#))
        #expect(standard.objects.allSatisfy { $0.adopts.isEmpty })
        #expect(
            !standard.jsonLine.contains("adopts") && !standard.jsonLine.contains("resend")
                && !standard.jsonLine.contains("instance"))
    }

    @Test func notificationsInTheNotePerTopic() throws {
        func note(_ plan: LimePlan) -> String? { plan.objects.last!.create?.first { $0.name == "note" }?.value.text }
        #expect(note(try Self.plan(#"[{"text":"helpdesk"}]"#)) == "[2024-02-22 15:49] Ann: Hi")
        #expect(
            note(try Self.plan(#"[{"text":"lead"}]"#))
                == "[2024-02-22 15:48] Event: Welcome\n[2024-02-22 15:49] Ann: Hi")
        // The lazily written note (convert, dry run) follows the same settings.
        let mapper = LimeMapper(configuration: Self.connect)
        var line: [UInt8] = []
        try mapper.writePlanLine(for: Self.conversation(topics: #"[{"text":"lead"}]"#), into: &line)
        #expect(String(decoding: line, as: UTF8.self) == (try Self.plan(#"[{"text":"lead"}]"#)).jsonLine)
    }

    @Test func theResendRuleTravelsWithThePlan() throws {
        let plan = try Self.plan(#"[{"text":"helpdesk"}]"#)
        #expect(plan.resend == .newNote)
        #expect(plan.noteProperties == ["note"])
        #expect(plan.jsonLine.hasSuffix(#"],"resend":"new-note","note_properties":["note"]}"#))
        #expect(plan.jsonLine.contains(#"{"property":"ulconversation","target":"conversation"}"#))
        #expect(plan.jsonLine.contains(#""adopts":{"company":"company"}"#))
        // A dead letter reads back the same plan.
        #expect(try LimePlan(jsonLine: Array(plan.jsonLine.utf8)) == plan)
    }

    /// Each mistake in the new sections, with its message.
    @Test func mistakesInTheNewKeys() throws {
        func error(_ change: (inout [String: Any]) -> Void) -> String? {
            var root =
                try! JSONSerialization.jsonObject(
                    with: Data(contentsOf: FixturePaths.fixture("lime-connect-mapping.json")))
                as! [String: Any]
            change(&root)
            do {
                _ = try MappingConfiguration(json: Array(try! JSONSerialization.data(withJSONObject: root)))
                return nil
            } catch {
                return error.description
            }
        }
        func topic(_ index: Int, _ key: String, _ value: Any?) -> (inout [String: Any]) -> Void {
            { root in
                var topics = root["topics"] as! [[String: Any]]
                topics[index][key] = value
                root["topics"] = topics
            }
        }
        #expect(error { _ in } == nil)
        #expect(
            error { $0["resend"] = "twice" }
                == "mapping: resend: must be one of keep, new-note, update-note (found 'twice')")
        #expect(
            error(topic(1, "topic", "helpdesk"))
                == "mapping: topics[1].topic: 'helpdesk' is the topic of topics[0] already")
        #expect(
            error(topic(0, "conversationRelation", nil))
                == "mapping: topics[0].conversationRelation: missing: a topic instance needs conversationRelation or conversationIDProperty (how it is found when the conversation is sent again)"
        )
        #expect(
            error(topic(0, "relations", ["person": "deal"]))
                == "mapping: topics[0].relations.person: must be one of person, company, coworker, conversation (found 'deal')"
        )
        #expect(
            error(topic(0, "includeNotifications", "yes"))
                == "mapping: topics[0].includeNotifications: must be true or false")
        #expect(error(topic(0, "historyRelation", nil)) == "mapping: topics[0].historyRelation: missing (required)")
        #expect(
            error { $0["conversation"] = nil }
                == "mapping: topics[0].conversationRelation: needs a conversation section (the record it relates to)")
        #expect(
            error {
                $0["conversation"] = nil
                $0["topics"] = nil
            } == nil)
        #expect(
            error {
                $0["conversation"] = nil
                $0["topics"] = nil
                var company = $0["company"] as! [String: Any]
                company["properties"] = ["name": "contact.company", "www": "link"]
                $0["company"] = company
            } == "mapping: company.properties.www: 'link' needs a conversation section (its baseUrl)")
        #expect(
            error {
                var record = $0["conversation"] as! [String: Any]
                record["baseUrl"] = "userlike"
                $0["conversation"] = record
            } == "mapping: conversation.baseUrl: must be an http(s) URL (found 'userlike')")
        #expect(error(topic(0, "colour", "red"))?.hasPrefix("mapping: topics[0].colour: unknown key") == true)
    }
}
