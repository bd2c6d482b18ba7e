import Foundation
import LimeFixtures
import LimeTestSupport
import LimeUserlike
import Testing

/// The extractor against the JSONSerialization reference, on the seed and on generated payloads.
@Suite struct ExtractionDifferentialTests {
    static func check(_ bytes: [UInt8], _ name: String) throws {
        let conversation = try ConversationExtractor().extract(bytes)
        let ours = try ReferenceExtractor.parse(conversation.jsonLine)
        let reference = ReferenceExtractor.extract(try JSONSerialization.jsonObject(with: Data(bytes)))
        #expect(ours == reference, "\(name)")
    }

    @Test func seedPayloadLine() throws {
        let bytes = Array(try Data(contentsOf: FixturePaths.seedConversation))
        try Self.check(bytes, "seed")
        let conversation = try ConversationExtractor().extract(bytes)
        // Field by field, exactly.
        #expect(conversation[.id] == .number("63741936"))
        #expect(conversation[.status] == .string("open"))
        #expect(conversation[.language] == .string("English (US)"))
        #expect(conversation[.operatorEmail] == .string("peter.testman@userlike.com"))
        #expect(conversation[.operatorGroup] == .string("Testing Peter Testman"))
        #expect(conversation[.widget] == .string("Testing Peter Testman"))
        #expect(conversation[.endedAt] == .null)
        #expect(conversation.contact[.id] == .number("79189089"))
        #expect(conversation.contact[.email] == .null)
        #expect(conversation.messages.count == 4)
        #expect(conversation.messages[0][.type] == .string("notification"))
        #expect(conversation.messages[0][.event] == .string("welcome_message"))
        #expect(conversation.messages[1][.senderType] == .string("contact"))
        #expect(conversation.messages[3][.senderName] == .string("Peter Testman"))
        #expect(conversation.messages[3][.body] == .string("Hello, how can I help you?"))
        #expect(
            conversation.jsonLine.hasPrefix(
                #"{"id":63741936,"status":"open","created_at":"2024-02-22T15:48:45.349Z","ended_at":null,"language":"English (US)","#
            ))
    }

    @Test(arguments: FixtureGenerator.Variety.allCases)
    func generatedPayloads(_ variety: FixtureGenerator.Variety) throws {
        var generator = FixtureGenerator(seed: 99, variety: variety)
        for index in 0..<60 {
            let bytes = generator.conversation(
                messageCount: index % 7 == 0 ? 0 : 1 + index % 13, pretty: index % 3 == 0)
            try Self.check(bytes, "\(variety) #\(index)")
        }
    }

    @Test func twentyThousandMessages() throws {
        var generator = FixtureGenerator(seed: 5)
        let bytes = generator.conversation(messageCount: 20_000)
        let conversation = try ConversationExtractor().extract(bytes)
        #expect(conversation.messages.count == 20_000)
        try Self.check(bytes, "20,000 messages")
    }

    /// Each rule of the issue, on a hand-written payload, with the exact line.
    @Test func rules() throws {
        func line(_ text: String) throws -> String { try ConversationExtractor().extract(Array(text.utf8)).jsonLine }
        let nullContact =
            #""contact":{"id":null,"name":null,"email":null,"phone_number":null,"mobile_number":null,"company":null,"position":null,"street":null,"city":null,"country":null,"external_customer_id":null}"#
        let nulls =
            #""status":null,"created_at":null,"ended_at":null,"language":null,"subject":null,"operator_email":null"#
        // Any JSON type is copied; objects and arrays compactly; numbers as written.
        #expect(
            try line(
                #"{"id": [1, {"a" : 2.50}], "rate": -1.5e3, "routing_info": {"operator_group": {"name": {"x": [ ]}}}}"#)
                == #"{"id":[1,{"a":2.50}],"# + nulls
                + #","operator_group":{"x":[]},"widget":null,"rate":-1.5e3,"feedback":null,"topics":null,"contact_first_message_sent_at":null,"#
                + nullContact + #","messages":[]}"#)
        // A parent that is null or not an object gives null; a missing transcript gives [].
        #expect(
            try line(#"{"routing_info": null, "um_widget": "w", "contact": [1], "transcript": {"a": 1}}"#)
                == #"{"id":null,"# + nulls
                + #","operator_group":null,"widget":null,"rate":null,"feedback":null,"topics":null,"contact_first_message_sent_at":null,"#
                + nullContact + #","messages":[]}"#)
        // body_plain when it is a string, else body; non-object elements give a message of nulls;
        // the later duplicate key wins, also for whole objects.
        let text =
            #"{"transcript": [{"body": "b", "body_plain": 7}, 42, {"body": "b", "body_plain": "p", "sender": "x"}], "id": 1, "id": 2, "contact": {"email": "a@b"}, "contact": {"name": "N"}}"#
        let conversation = try ConversationExtractor().extract(Array(text.utf8))
        #expect(conversation[.id] == .number("2"))
        #expect(conversation.contact[.email] == .null)
        #expect(conversation.contact[.name] == .string("N"))
        #expect(conversation.messages.map { $0[.body] } == [.string("b"), .null, .string("p")])
        #expect(conversation.messages[2][.senderType] == .null)
        // `body` is copied only when needed, at the message's end: the later duplicate still wins,
        // whether a string or not, and with escapes kept.
        let bodies =
            #"{"transcript": [{"body": "a", "body": {"x": 1}, "body_plain": null}, {"body": [2], "body": "b\n"}, {"body": "c", "body_plain": "p", "body": "d"}, {"body_plain": false, "body": "e"}]}"#
        #expect(
            try ConversationExtractor().extract(Array(bodies.utf8)).messages.map { $0[.body] }
                == [.json(#"{"x":1}"#), .string("b\n"), .string("p"), .string("e")])
        // Escaped keys are the keys they spell.
        #expect(try ConversationExtractor().extract(Array(#"{"\u0069d": 5}"#.utf8))[.id] == .number("5"))
        // Strings keep their escapes in the output line and decode on access.
        let escaped = try ConversationExtractor().extract(Array(#"{"subject": "a\"b\u00e9\ud83d\ude00"}"#.utf8))
        #expect(escaped[.subject] == .string("a\"bé😀"))
        #expect(escaped.jsonLine.contains(#""subject":"a\"b\u00e9\ud83d\ude00""#))
    }

    @Test func invalidPayloadsAreErrors() {
        #expect(throws: ExtractionError.notAnObject(found: "an array")) {
            try ConversationExtractor().extract(Array("[1]".utf8))
        }
        #expect(throws: ExtractionError.self) {
            try ConversationExtractor().extract(Array(#"{"transcript": [tru]}"#.utf8))
        }
        // Skipped parts are validated too.
        #expect(throws: ExtractionError.self) {
            try ConversationExtractor().extract(Array(#"{"addon_urls": {"a": "\x"}}"#.utf8))
        }
        #expect(throws: ExtractionError.self) { try ConversationExtractor().extract(Array(#"{"id": 1} x"#.utf8)) }
    }
}
