import Foundation
import LimeSender
import Testing

@Suite struct JournalTests {
    static func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID())").path
    }

    @Test func recordsSurviveReopening() throws {
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let journal = try Journal(path: path)
            try journal.record("1")
            try journal.record("two \"quoted\"")
        }
        let reopened = try Journal(path: path)
        #expect(reopened.contains("1"))
        #expect(reopened.contains("two \"quoted\""))
        #expect(!reopened.contains("3"))
        #expect(reopened.count == 2)
    }

    /// Versions (the note digests of a re-send rule) survive reopening; an id recorded in one
    /// version is not in another, but is in "any version"; a plain record has no version.
    @Test func versionsSurviveReopening() throws {
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let one = Journal.digest(["[2024-02-22 15:50] Ann: hi"])
        let two = Journal.digest(["[2024-02-22 15:50] Ann: hi\n[2024-02-22 15:51] Ann: more"])
        #expect(one != two && one.count == 16 && Journal.digest(["a", "b"]) != Journal.digest(["ab"]))
        do {
            let journal = try Journal(path: path)
            try journal.record("7", version: one)
            try journal.record("8")
        }
        #expect(
            try String(contentsOfFile: path, encoding: .utf8)
                == "{\"delivered\":\"7\",\"note\":\"\(one)\"}\n{\"delivered\":\"8\"}\n")
        let reopened = try Journal(path: path)
        #expect(reopened.contains("7", version: one))
        #expect(!reopened.contains("7", version: two))
        #expect(reopened.contains("7") && reopened.contains("7", version: nil))
        #expect(!reopened.contains("8", version: one))
        #expect(reopened.contains("8", version: nil))
    }

    /// A crash in the middle of a write leaves a torn last line: it is ignored, and the next record
    /// starts on a line of its own.
    @Test func deadLettersAppendAndReportFailures() throws {
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let letters = DeadLetters(path: path)
        try letters.append(conversationID: "1", error: "HTTP 400", planLine: "{}")
        try DeadLetters(path: path).append(conversationID: "2", error: "HTTP 404", planLine: "{}")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(
            lines == [
                #"{"conversation_id":"1","error":"HTTP 400","plan":{}}"#,
                #"{"conversation_id":"2","error":"HTTP 404","plan":{}}"#,
            ])
        let unwritable = Self.path() + "/no/such/dir"
        #expect(
            throws: SenderError.transport(
                "cannot create the dead letters file \(unwritable): No such file or directory")
        ) {
            try DeadLetters(path: unwritable).append(conversationID: "3", error: "e", planLine: "{}")
        }
    }

    /// A rerun that fails the same conversations again does not write them twice, also across
    /// instances; a torn last line is ended first.
    @Test func deadLettersHoldEachConversationOnce() throws {
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data((#"{"conversation_id":"1","error":"HTTP 400","plan":{}}"# + "\n{\"conver").utf8).write(
            to: URL(fileURLWithPath: path))
        let letters = DeadLetters(path: path)
        try letters.append(conversationID: "1", error: "HTTP 400 again", planLine: "{}")
        try letters.append(conversationID: "2", error: "HTTP 404", planLine: "{}")
        try letters.append(conversationID: "2", error: "HTTP 404", planLine: "{}")
        try DeadLetters(path: path).append(conversationID: "2", error: "HTTP 404", planLine: "{}")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(
            lines == [
                #"{"conversation_id":"1","error":"HTTP 400","plan":{}}"#, #"{"conver"#,
                #"{"conversation_id":"2","error":"HTTP 404","plan":{}}"#,
            ])
        #expect(try DeadLetters.conversationIDs(in: path) == ["1", "2"])
    }

    /// Ids that are not plain decimal numbers, escapes included, survive a reopening exactly.
    @Test func anyIDTextRoundTrips() throws {
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ids = [
            "7", "007", "0", "18446744073709551615", "99999999999999999999", "a\"b\\c", "ümlaut 😀", "-1", "1e3", "",
        ]
        let journal = try Journal(path: path)
        for id in ids { try journal.record(id) }
        let reopened = try Journal(path: path)
        #expect(reopened.count == ids.count)
        for id in ids { #expect(reopened.contains(id), "\(id)") }
        #expect(!reopened.contains("07"))
        #expect(!reopened.contains("8"))
    }

    @Test func aTornLastLineIsIgnored() throws {
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("{\"delivered\":\"1\"}\n{\"delivered\":\"2\"}\n{\"deliv".utf8).write(to: URL(fileURLWithPath: path))
        let journal = try Journal(path: path)
        #expect(journal.count == 2)
        try journal.record("3")
        let again = try Journal(path: path)
        #expect(again.count == 3)
        #expect(again.contains("3"))
    }
}
