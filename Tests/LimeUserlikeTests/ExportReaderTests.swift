import Foundation
import LimeFixtures
import LimeTestSupport
import LimeUserlike
import Testing

/// Exports in every form, from files and from streams in random small chunks, against the
/// reference; and the error rules.
@Suite struct ExportReaderTests {
    static func chunks(_ bytes: [UInt8], seed: UInt64, maximum: Int) -> [[UInt8]] {
        var random = SplitMix64(seed: seed)
        var chunks: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + 1 + random.below(maximum))
            chunks.append(Array(bytes[offset..<end]))
            offset = end
        }
        return chunks
    }

    /// Reads `bytes` from a stream of random small chunks; and checks that a reader borrowing the
    /// bytes in memory (`ExportReader(bytes:)`, no copy, no refills) reads exactly the same: every
    /// test of this suite runs both.
    static func read(
        _ bytes: [UInt8], seed: UInt64 = 1, maximumChunk: Int = 64, chunkSize: Int = 1 << 20,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> ExportTrace {
        let source = ChunkByteSource(chunks(bytes, seed: seed, maximum: maximumChunk).makeIterator())
        let streamed = ExportTrace.read(ExportReader(source: source, options: .init(chunkSize: chunkSize)))
        let borrowed = ExportTrace.read(ExportReader(bytes: bytes, options: .init(chunkSize: chunkSize)))
        #expect(borrowed.lines == streamed.lines, "in memory", sourceLocation: sourceLocation)
        #expect(borrowed.issues == streamed.issues, "in memory", sourceLocation: sourceLocation)
        #expect(
            borrowed.error.map(String.init(describing:)) == streamed.error.map(String.init(describing:)), "in memory",
            sourceLocation: sourceLocation)
        return streamed
    }

    static func reference(_ bytes: [UInt8]) throws -> [NSDictionary] {
        try ReferenceExtractor.conversations(ofExport: bytes).map { ReferenceExtractor.extract($0) }
    }

    static let forms: [ExportLayout] = ExportLayout.allCases

    @Test(arguments: forms, FixtureGenerator.Variety.allCases)
    func everyFormAgainstTheReference(_ form: ExportLayout, _ variety: FixtureGenerator.Variety) throws {
        var generator = FixtureGenerator(seed: 21, variety: variety)
        let bytes = generator.export(form: form, conversations: 12)
        let expected = try Self.reference(bytes)
        #expect(expected.count == 12)
        // From a stream in random small chunks, with several read sizes (elements straddle reads).
        for (seed, chunkSize) in [(UInt64(1), 1 << 20), (2, 4096), (3, 7), (4, 1)] {
            let read = Self.read(bytes, seed: seed, maximumChunk: 64, chunkSize: chunkSize)
            #expect(read.error == nil)
            // Adversarial exports hold no non-object elements at the top level, so nothing is skipped.
            #expect(read.issues.isEmpty, "\(read.issues.prefix(2))")
            #expect(
                try read.lines.map(ReferenceExtractor.parse) == expected, "\(form) \(variety) chunkSize \(chunkSize)")
        }
        // From a file.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "limestream-\(form)-\(variety)-\(UUID()).json")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fromFile = ExportTrace.read(try ExportReader(path: url.path))
        #expect(try fromFile.lines.map(ReferenceExtractor.parse) == expected)
    }

    @Test func aSinglePayloadIsAnExportOfOne() throws {
        var generator = FixtureGenerator(seed: 3)
        let bytes = generator.conversation(messageCount: 30, pretty: true)
        let read = Self.read(bytes, chunkSize: 100)
        #expect(read.lines.count == 1)
        #expect(try read.lines.map(ReferenceExtractor.parse) == Self.reference(bytes))
    }

    @Test func aConversationLargerThanTheReadSize() throws {
        var generator = FixtureGenerator(seed: 4)
        var bytes = Array("[".utf8) + generator.conversation(messageCount: 400) + Array(",".utf8)
        bytes += generator.conversation(messageCount: 2) + Array("]".utf8)
        let read = Self.read(bytes, maximumChunk: 5000, chunkSize: 1024)
        #expect(try read.lines.map(ReferenceExtractor.parse) == Self.reference(bytes))
    }

    @Test func nonObjectElementsAreReportedAndSkipped() {
        let text = "{\"id\":1}\n42\n\"text\"\n[1,2]\nnull\n{\"id\":2}\n"
        let read = Self.read(Array(text.utf8))
        #expect(read.lines.count == 2)
        #expect(
            read.issues == [
                "conversation 2 (line 2): expected an object, found a number",
                "conversation 3 (line 3): expected an object, found a string",
                "conversation 4 (line 4): expected an object, found an array",
                "conversation 5 (line 5): expected an object, found null",
            ])
        let array = Self.read(Array(#"[{"id":1}, 7, {"id":2}]"#.utf8))
        #expect(array.lines.count == 2)
        #expect(array.issues == ["conversation 2 (line 1): expected an object, found a number"])
    }

    @Test func aBrokenLineInNDJSONIsSkippedAndTheRestRead() {
        let text = "{\"id\":1}\n{\"id\":2, \"x\": tru}\n{\"id\":3}\n{\"id\":4,\n{\"id\":5}\n"
        let read = Self.read(Array(text.utf8))
        #expect(read.lines.map { $0.prefix(8) } == [#"{"id":1,"#, #"{"id":3,"#, #"{"id":5,"#])
        #expect(
            read.issues == [
                "conversation 2 (line 2, column 18, byte 26): invalid literal, expected 'true', found '}'",
                "conversation 4 (line 5, column 1, byte 46): expected a string key after ',', found '{'",
            ])
        #expect(read.error == nil)
    }

    /// On one long line, the reader drops what it has read without reading it again for the
    /// column: it takes the characters from the continuation bytes the tokenizer counted. An error
    /// far into the line, after many dropped windows of multilingual text (and a non-ASCII
    /// character cut by a chunk end), still names the exact column, in Unicode scalars.
    @Test func columnsOnALongLineAfterDroppedWindows() {
        var text = "["
        for number in 0..<400 { text += "{\"id\":\(number),\"subject\":\"é 中 😀 \\u00e9 ß\(number)\"}," }
        text += "{\"id\":\"ünï😀\" tru}]"
        let bytes = Array(text.utf8)
        let offset = bytes.count - 5  // the 't'
        let column = bytes[..<offset].filter { $0 & 0xC0 != 0x80 }.count + 1
        for (chunkSize, maximumChunk) in [(4096, 64), (256, 7), (1 << 20, 1000)] {
            let read = Self.read(bytes, seed: 3, maximumChunk: maximumChunk, chunkSize: chunkSize)
            #expect(read.lines.count == 400)
            guard case .syntax(let error, _)? = read.error else {
                Issue.record("expected a syntax error")
                continue
            }
            #expect(error.line == 1)
            #expect(error.offset == offset)
            #expect(error.column == column, "chunk size \(chunkSize)")
        }
    }

    @Test func aSyntaxErrorInAnArrayEndsTheRunAfterWhatCameBefore() {
        let read = Self.read(Array("[{\"id\":1},\n{\"id\":2},\n{\"id\":3 \"x\"},\n{\"id\":4}]".utf8))
        #expect(read.lines.count == 2)
        guard case .syntax(let error, let conversation)? = read.error else {
            Issue.record("expected a syntax error")
            return
        }
        #expect(conversation == 3)
        #expect(error.line == 3)
        #expect(error.column == 9)
        #expect(error.message == "expected ',' or '}' after object member, found '\"'")
    }

    @Test(arguments: [
        ("[{\"id\":1},]", "expected a value after ',', found ']' (trailing comma)"),
        ("[{\"id\":1}", "unexpected end of input, expected ',' or ']'"),
        ("[{\"id\":1}] x", "unexpected 'x' after the array of conversations"),
        ("[{\"id\":1} {\"id\":2}]", "expected ',' or ']' after array element, found '{'"),
    ])
    func arrayStructureErrors(_ text: String, _ message: String) {
        let read = Self.read(Array(text.utf8))
        #expect(read.lines.count == 1)
        guard case .syntax(let error, _)? = read.error else {
            Issue.record("expected a syntax error for \(text)")
            return
        }
        #expect(error.message == message)
    }

    @Test func emptyInputs() {
        for text in ["", "   \n\t ", "[]", " [ ] \n"] {
            let read = Self.read(Array(text.utf8))
            #expect(read.lines.isEmpty && read.issues.isEmpty && read.error == nil, "\(text.debugDescription)")
        }
    }

    @Test func ioErrors() {
        #expect(throws: ExportError.self) { try ExportReader(path: "/nonexistent/export.json") }
        #expect(throws: ExportError.io("/tmp: is a directory", errno: EISDIR)) { try ExportReader(path: "/tmp") }
        #expect(throws: ExportError.io("/nonexistent/x: No such file or directory", errno: ENOENT)) {
            try ExportReader(path: "/nonexistent/x")
        }
    }
}

/// A reader borrowing an export in memory, beyond what every `ExportReaderTests` case compares.
@Suite struct InMemoryExportReaderTests {
    /// The position of a conversation that a later layer reports comes from the borrowed memory too.
    @Test func issuesForLastConversationMatchAStream() throws {
        var generator = FixtureGenerator(seed: 5, variety: .realistic)
        let bytes = generator.export(form: .ndjson, conversations: 6)
        let streamed = ExportReader(source: ChunkByteSource([bytes].makeIterator()))
        let borrowed = ExportReader(bytes: bytes)
        while let item = try streamed.next() {
            let other = try #require(try borrowed.next())
            guard case .conversation(let conversation, let number) = item, case .conversation(let same, number) = other
            else {
                Issue.record("expected the same conversation")
                return
            }
            #expect(conversation == same)
            #expect(
                borrowed.issueForLastConversation("x").description == streamed.issueForLastConversation("x").description
            )
        }
        #expect(try borrowed.next() == nil)
    }

    /// The array a reader borrows stays the caller's: reading leaves it as it was, and a copy the
    /// caller changes afterwards does not change what the reader reads.
    @Test func theBorrowedArrayIsNotChanged() throws {
        var bytes = Array("{\"id\":1}\n{\"id\":2}\n".utf8)
        let original = bytes
        let reader = ExportReader(bytes: bytes)
        bytes[6] = UInt8(ascii: "9")
        var ids: [String] = []
        while case .conversation(let conversation, _)? = try reader.next() { ids.append(conversation[.id].text ?? "") }
        #expect(ids == ["1", "2"])
        #expect(bytes != original && bytes[7...] == original[7...])
    }
}
