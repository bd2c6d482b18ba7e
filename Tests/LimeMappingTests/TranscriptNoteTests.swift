import Foundation
import LimeMapping
import LimeUserlike
import Testing

@Suite struct TranscriptNoteTests {
    static func conversation(_ messages: [(String, String, String, FieldValue)]) -> Conversation {
        Conversation(
            fields: [.id: .number("1")],
            messages: messages.map { time, type, name, body in
                [.sentAt: .string(time), .type: .string(type), .senderName: .string(name), .body: body]
            })
    }

    @Test func filtersAndOrdersMessages() {
        let conversation = Self.conversation([
            ("2024-02-22T15:48:45.474Z", "notification", "Event", .string("welcome")),
            ("2024-02-22T15:49:07.228Z", "message", "Contact", .string("Hello, **I** have a question.\nSecond line")),
            ("2024-02-22T15:49:23.146Z", "message", "Peter", .string("Hi")),
        ])
        #expect(
            TranscriptNote.build(conversation, settings: .init())
                == "[2024-02-22 15:49] Contact: Hello, **I** have a question. Second line\n[2024-02-22 15:49] Peter: Hi"
        )
        let all = TranscriptNote.build(conversation, settings: .init(messageTypes: ["message", "notification"]))
        #expect(all.hasPrefix("[2024-02-22 15:48] Event: welcome\n"))
    }

    @Test func timeZonesIncludingDaylightSaving() {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        #expect(TranscriptNote.localTime("2024-02-22T15:49:07.228Z", in: berlin) == "2024-02-22 16:49")
        #expect(TranscriptNote.localTime("2024-07-01T15:49:07Z", in: berlin) == "2024-07-01 17:49")
        // The night the clocks go forward (31 March 2024, 01:00 UTC).
        #expect(TranscriptNote.localTime("2024-03-31T00:59:00Z", in: berlin) == "2024-03-31 01:59")
        #expect(TranscriptNote.localTime("2024-03-31T01:00:00Z", in: berlin) == "2024-03-31 03:00")
        #expect(
            TranscriptNote.localTime("2024-02-22T23:30:00+02:00", in: TimeZone(identifier: "UTC")!)
                == "2024-02-22 21:30")
        #expect(
            TranscriptNote.localTime("2023-12-31T23:59:59-01:00", in: TimeZone(identifier: "UTC")!)
                == "2024-01-01 00:59")
        #expect(
            TranscriptNote.localTime("2024-02-29T12:00:00Z", in: TimeZone(identifier: "Asia/Tokyo")!)
                == "2024-02-29 21:00")
        #expect(TranscriptNote.localTime("yesterday", in: berlin) == nil)
        #expect(TranscriptNote.localTime("2024-02-22T15:49:07", in: berlin) == nil)
    }

    @Test func unparseableTimesAndOddBodies() {
        let conversation = Conversation(
            fields: [.id: .number("1")],
            messages: [
                [
                    .sentAt: .string("sometime"), .type: .string("message"), .senderName: .string("A"),
                    .body: .number("42"),
                ],
                [.type: .string("message"), .senderType: .string("contact"), .body: .null],
            ])
        #expect(TranscriptNote.build(conversation, settings: .init()) == "[sometime] A: 42\n[?] contact: ")
    }

    @Test func cutAtAMessageBoundaryWithinTheLimit() {
        var messages: [(String, String, String, FieldValue)] = []
        for index in 0..<50 {
            messages.append(("2024-02-22T15:49:07Z", "message", "Zoë", .string("Grüße 😀 number \(index)")))
        }
        let conversation = Self.conversation(messages)
        for limit in [64, 100, 333, 1000, 1500] {
            let note = TranscriptNote.build(conversation, settings: .init(maxBytes: limit))
            #expect(note.utf8.count <= limit, "limit \(limit)")
            let lines = note.split(separator: "\n")
            let kept = lines.dropLast()
            #expect(lines.last!.hasPrefix("[… ") && lines.last!.hasSuffix(" not shown]"))
            #expect(lines.last! == "[… \(50 - kept.count) more message\(50 - kept.count == 1 ? "" : "s") not shown]")
            for (index, line) in kept.enumerated() { #expect(line.hasSuffix("number \(index)")) }
            // Nothing cut inside a character: a cut one would come back as U+FFFD, which no message holds.
            #expect(!note.unicodeScalars.contains("\u{FFFD}"), "limit \(limit)")
        }
        let whole = TranscriptNote.build(conversation, settings: .init(maxBytes: 100_000))
        #expect(whole.split(separator: "\n").count == 50)
    }
}
