import Foundation
import LimeTestSupport
import LimeUserlike
import Testing

/// Userlike's API v3 pages (`{"results": [...], "next": ...}`) as an export form.
@Suite struct PageFormTests {
    nonisolated(unsafe) static let seed: [String: Any] = {
        let url = FixturePaths.seedConversation
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }()

    static func conversations(_ count: Int) -> [[String: Any]] {
        (0..<count).map { index in
            var conversation = seed
            conversation["id"] = 1000 + index
            return conversation
        }
    }

    static func json(_ value: Any, pretty: Bool = false) -> String {
        let data = try! JSONSerialization.data(withJSONObject: value, options: pretty ? [.prettyPrinted] : [])
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads everything; returns the conversations' lines and the issues' descriptions.
    static func read(_ text: String, chunkSize: Int = 1 << 20) throws -> (lines: [String], issues: [String]) {
        let chunks = ExportTrace.chunks(Array(text.utf8), of: 97)
        let trace = ExportTrace.read(
            ExportReader(source: ChunkByteSource(chunks.makeIterator()), options: .init(chunkSize: chunkSize)))
        if let error = trace.error { throw error }
        return (trace.lines, trace.issues)
    }

    @Test(arguments: [1 << 20, 64, 1])
    func pagesGiveTheSameLinesAsAnArray(chunkSize: Int) throws {
        let all = Self.conversations(7)
        let array = try Self.read(Self.json(all), chunkSize: chunkSize)
        #expect(array.lines.count == 7)
        #expect(array.issues.isEmpty)
        // results first, last, and in the middle; pages compact and pretty, piped one after another.
        let first: [String: Any] = [
            "results": Array(all[0..<3]), "count": 7, "next": "https://x/?page=2", "previous": NSNull(),
        ]
        let middle: [String: Any] = ["count": 7, "results": Array(all[3..<5]), "next": "https://x/?page=3"]
        let last: [String: Any] = [
            "count": 7, "next": NSNull(), "previous": "https://x/?page=2", "results": Array(all[5...]),
        ]
        let pages = Self.json(first) + "\n" + Self.json(middle, pretty: true) + "\n" + Self.json(last) + "\n"
        let paged = try Self.read(pages, chunkSize: chunkSize)
        #expect(paged.issues.isEmpty)
        #expect(paged.lines == array.lines)
    }

    @Test func keysBeforeResultsInAnyOrder() throws {
        // `results` as the last key, after other page keys that hold nested values.
        let text = #"{"count":2,"meta":{"a":[1,{"results":[]}]},"next":null,"results":[{"id":1},{"id":2}]}"#
        let read = try Self.read(text)
        #expect(read.lines.count == 2)
        #expect(read.lines[0].hasPrefix(#"{"id":1,"#))
        #expect(read.issues.isEmpty)
    }

    @Test func aPageWithoutResultsIsReportedAndSkipped() throws {
        let good = Self.json(["count": 1, "next": NSNull(), "results": [["id": 7]]] as [String: Any])
        let text =
            #"{"count":1,"next":null,"previous":null,"results":null}"# + "\n"
            + #"{"count":1,"next":null,"previous":null}"# + "\n" + good + "\n"
        let read = try Self.read(text)
        #expect(read.lines.count == 1)
        #expect(
            read.issues == [
                "page (line 1): page has no results array (results is null)",
                "page (line 2): page has no results array",
            ])
    }

    @Test func aSyntaxErrorInAPageIsReportedAndTheNextPageRead() throws {
        let text = #"{"results":[{"id":1},{"id":2,}]}"# + "\n" + #"{"results":[{"id":3}]}"# + "\n"
        let read = try Self.read(text)
        #expect(read.lines.count == 2)
        #expect(
            read.issues == ["conversation 2 (line 1, column 30, byte 29): expected a string key after ',', found '}'"])
    }

    @Test func aPageInsideAnArrayIsNotAConversation() throws {
        let read = try Self.read(#"[{"id":1},{"results":[{"id":2}]},{"id":3}]"#)
        #expect(read.lines.count == 2)
        #expect(read.issues == ["conversation 2 (line 1): expected a conversation, found a page of conversations"])
    }
}
