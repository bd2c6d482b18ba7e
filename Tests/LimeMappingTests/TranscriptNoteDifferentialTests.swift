import Foundation
import LimeFixtures
import LimeJSON
import LimeMapping
import LimeTestSupport
import LimeUserlike
import Testing

/// The byte-level note writer against the Foundation-string implementation it replaced
/// (``ReferenceTranscriptNote``), byte for byte: generated exports of both varieties in every
/// layout, every time zone below, caps from 64 bytes to 64 KiB, and bodies made of line breaks
/// and escapes.
@Suite struct TranscriptNoteDifferentialTests {
    /// UTC, zones with daylight saving time (one changing at a half hour of UTC, two changing by
    /// 30 minutes), zones a quarter or three quarters of an hour off, and one across the date line.
    static let zones = [
        "UTC", "Europe/Berlin", "America/New_York", "America/St_Johns", "Australia/Lord_Howe", "Asia/Kathmandu",
        "Pacific/Chatham", "Asia/Tokyo", "Pacific/Kiritimati", "America/Sao_Paulo",
    ].map { TimeZone(identifier: $0)! }
    static let caps = [64, 65, 100, 257, 1000, 4096, 10_000, 65_536]
    static let typeSets = [["message"], ["message", "notification"], ["notification"], []]

    static func settings(_ index: Int) -> TranscriptNote.Settings {
        TranscriptNote.Settings(
            messageTypes: typeSets[index % typeSets.count], timeZone: zones[index % zones.count],
            maxBytes: caps[(index / 3) % caps.count])
    }

    static func expectSame(_ conversation: Conversation, _ settings: TranscriptNote.Settings, _ what: String) {
        let expected = ReferenceTranscriptNote.build(conversation, settings: settings)
        let note = TranscriptNote.build(conversation, settings: settings)
        #expect(
            note == expected,
            "\(what), \(settings.timeZone.identifier), cap \(settings.maxBytes), \(settings.messageTypes)")
        #expect(Array(note.utf8) == Array(expected.utf8), "\(what): the same text with other bytes")
    }

    @Test(arguments: FixtureGenerator.Variety.allCases, ExportLayout.allCases)
    func generatedExports(_ variety: FixtureGenerator.Variety, _ layout: ExportLayout) throws {
        var generator = FixtureGenerator(seed: 31, variety: variety)
        var export: [UInt8] = []
        generator.writeExport(form: layout, targetBytes: 1_000_000, messagesPerConversation: 1...40) { export += $0 }
        let reader = ExportReader(bytes: export)
        var count = 0
        while let item = try reader.next() {
            guard case .conversation(let conversation, let number) = item else { continue }
            count += 1
            // Every combination on the first conversations, one a conversation after that.
            let combinations = count <= 3 ? 0..<(Self.zones.count * Self.caps.count) : number..<(number + 1)
            for index in combinations { Self.expectSame(conversation, Self.settings(index), "conversation \(number)") }
        }
        #expect(count >= 20)
    }

    /// Line breaks of every kind, raw in the decoded text or written as escapes, at the ends and
    /// in runs; names and times of every JSON type.
    @Test func lineBreaksEscapesAndOddFields() throws {
        let bodies = [
            #""a\r\nb\nc\rd""#, #""\r\n\r\n""#, #""\r\r\n\n\r""#, #""\u000d\u000a x \u000A""#, #""end\n""#,
            #""\nstart""#, #""""#,
            #""tab\there \"quoted\" \\ back""#, #""Grüße 😀\r\n漢字""#, #""\ud83d\ude00 \ud800 lone""#, "12.50", "true",
            "null",
            #"{"k":"v\n"}"#, #"["a",1]"#,
        ]
        var messages: [String] = []
        for (index, body) in bodies.enumerated() {
            // Daylight saving changes, a leap day, a leap second, a 31st of February (lenient:
            // March), a fraction without digits, a space for the `T`, offsets at both ends of the
            // range across a new year, and texts that are no time.
            let times = [
                "\"2024-03-31T00:59:59Z\"", "\"2024-03-31T01:00:00.5+00:00\"", "\"not a time\"", "1708616947", "null",
                "\"2024-11-03T05:30:00Z\"", "\"2024-02-29T23:59:59.999-05:00\"", "\"2016-12-31T23:59:60Z\"",
                "\"2023-02-31T12:00:00Z\"", "\"2024-01-01T00:00:00.Z\"", "\"2024-06-30 10:15:00+14:00\"",
                "\"1999-12-31T23:30:00-12:00\"", "\"2024-13-01T00:00:00Z\"", "\"2024-01-01T24:00:00Z\"",
                "\"2024-01-01T00:00:00+0100\"",
            ]
            let time = times[index % times.count]
            let name = ["\"Zoë\"", "null", "7", "\"\\u0041na\""][index % 4]
            messages.append(
                "{\"sent_at\":\(time),\"type\":\"\(index % 5 == 4 ? "notification" : "message")\",\"sender\":{\"type\":\"contact\"},\"name\":\(name),\"body_plain\":\(body)}"
            )
        }
        let payload = "{\"id\":1,\"transcript\":[\(messages.joined(separator: ","))]}"
        let conversation = try ConversationExtractor().extract(Array(payload.utf8))
        for index in 0..<(Self.zones.count * Self.caps.count * Self.typeSets.count) {
            Self.expectSame(conversation, Self.settings(index), "odd fields")
        }
    }

    /// Times across whole years in zones that change offsets, one message a quarter hour.
    @Test func everyQuarterHourOfAYear() throws {
        var messages: [String] = []
        let start = 1_704_067_200  // 2024-01-01T00:00:00Z
        for step in stride(from: 0, to: 366 * 96, by: 7) {
            let seconds = start + step * 900 + (step % 3) * 1799
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            let formatter = ISO8601DateFormatter()
            messages.append(
                "{\"sent_at\":\"\(formatter.string(from: date))\",\"type\":\"message\",\"name\":\"A\",\"body_plain\":\"x\"}"
            )
        }
        let conversation = try ConversationExtractor().extract(
            Array("{\"id\":1,\"transcript\":[\(messages.joined(separator: ","))]}".utf8))
        for zone in Self.zones {
            Self.expectSame(conversation, TranscriptNote.Settings(timeZone: zone, maxBytes: 10_000_000), "a year")
        }
    }
}

/// `convert`'s plan lines (``LimeMapper/writePlanLine(for:into:)``, the note written from bytes)
/// against plan lines made the slow way: `plan(for:)` with the reference note put in.
@Suite struct PlanLineDifferentialTests {
    static func mapping(zone: String, cap: Int, types: String) throws -> MappingConfiguration {
        let url = FixturePaths.fixture("lime-mapping.json")
        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(
            of: #""note": {"messageTypes": ["message"], "timeZone": "UTC", "maxBytes": 65536}"#,
            with: #""note": {"messageTypes": \#(types), "timeZone": "\#(zone)", "maxBytes": \#(cap)}"#)
        return try MappingConfiguration(json: Array(text.utf8))
    }

    static func referenceLine(_ mapper: LimeMapper, _ conversation: Conversation) throws -> [UInt8] {
        var plan = try mapper.plan(for: conversation)
        let note = ReferenceTranscriptNote.build(conversation, settings: mapper.configuration.history.note)
        let index = plan.objects.firstIndex { $0.role == .history }!
        plan.objects[index].create = plan.objects[index].create?.map { property in
            property.name == "note" ? LimeProperty(name: "note", value: .string(note)) : property
        }
        return Array(plan.jsonLine.utf8)
    }

    @Test(arguments: FixtureGenerator.Variety.allCases)
    func generatedConversations(_ variety: FixtureGenerator.Variety) throws {
        let mappers = try [
            LimeMapper(),
            LimeMapper(configuration: Self.mapping(zone: "Europe/Berlin", cap: 64, types: #"["message"]"#)),
            LimeMapper(
                configuration: Self.mapping(zone: "America/St_Johns", cap: 2000, types: #"["message", "notification"]"#)
            ),
            LimeMapper(configuration: Self.mapping(zone: "Asia/Kathmandu", cap: 65, types: "[]")),
        ]
        var generator = FixtureGenerator(seed: 77, variety: variety)
        var compared = 0
        for index in 0..<120 {
            let payload = generator.conversation(messageCount: index % 25)
            guard let conversation = try? ConversationExtractor().extract(payload) else { continue }
            let mapper = mappers[index % mappers.count]
            guard let expected = try? Self.referenceLine(mapper, conversation) else { continue }
            var line: [UInt8] = []
            try mapper.writePlanLine(for: conversation, into: &line)
            #expect(line == expected, "conversation \(index)")
            #expect(
                Array(try mapper.plan(for: conversation).jsonLine.utf8) == expected, "conversation \(index), plan(for:)"
            )
            compared += 1
        }
        #expect(compared > 60)
    }
}
