import Foundation
import LimeFixtures
import LimeTestSupport
import Testing

@testable import LimeUserlike

/// A UTF-8 byte order mark at the very start of an export (issue #14: Windows exports) is skipped,
/// by one reader and by many, however the bytes are cut; anywhere else it is an error as before.
/// Offsets count the mark's bytes, columns do not.
@Suite struct ByteOrderMarkTests {
    static let mark = ByteOrderMark.bytes

    /// The export forms with a mark in front, against the same bytes without it.
    @Test(arguments: ExportLayout.allCases, FixtureGenerator.Variety.allCases)
    func everyFormReadsAsWithoutTheMark(_ form: ExportLayout, _ variety: FixtureGenerator.Variety) {
        var generator = FixtureGenerator(seed: 41, variety: variety)
        let bytes = generator.export(form: form, conversations: 8, messagesPerConversation: 0...5)
        let plain = ExportReaderTests.read(bytes)
        #expect(plain.lines.count == 8 && plain.error == nil)
        for (seed, chunkSize) in [(UInt64(1), 1 << 20), (2, 7), (3, 1)] {
            let marked = ExportReaderTests.read(Self.mark + bytes, seed: seed, maximumChunk: 16, chunkSize: chunkSize)
            #expect(marked.lines == plain.lines, "\(form) \(variety) chunk size \(chunkSize)")
            #expect(marked.issues == plain.issues)
            #expect(marked.error == nil)
        }
        let reader = ExportReader(bytes: Self.mark + bytes)
        _ = try? reader.next()
        #expect(reader.form == (form == .array ? .array : .sequence))
    }

    @Test func aPayloadAnArrayAndNDJSON() throws {
        let seed = Array(
            try Data(contentsOf: FixturePaths.seedConversation))
        let payload = ExportReaderTests.read(Self.mark + seed)
        #expect(payload.lines == ExportReaderTests.read(seed).lines)
        #expect(payload.lines.count == 1 && payload.issues.isEmpty && payload.error == nil)
        let array = ExportReaderTests.read(Self.mark + Array("[{\"id\":1},\n{\"id\":2}]".utf8))
        #expect(array.lines.map { $0.prefix(8) } == [#"{"id":1,"#, #"{"id":2,"#])
        #expect(array.issues.isEmpty && array.error == nil)
        let ndjson = ExportReaderTests.read(Self.mark + Array("{\"id\":1}\n{\"id\":2}\n".utf8))
        #expect(ndjson.lines.map { $0.prefix(8) } == [#"{"id":1,"#, #"{"id":2,"#])
        #expect(ndjson.issues.isEmpty && ndjson.error == nil)
        // A mark and nothing else, or whitespace: an empty export.
        for bytes in [Self.mark, Self.mark + Array(" \n".utf8), Self.mark + Array("[]".utf8)] {
            let empty = ExportReaderTests.read(bytes)
            #expect(empty.lines.isEmpty && empty.issues.isEmpty && empty.error == nil)
        }
    }

    /// The mark cut by chunk ends anywhere in its three bytes (every set of cuts at 1, 2 and 3),
    /// read one chunk at a time: the same conversations as in one piece.
    @Test func everySplitOfTheMark() {
        let body = Array("{\"id\":1,\"subject\":\"é\"}\n{\"id\" 2}\n[3]\n{\"id\":4}\n".utf8)
        let bytes = Self.mark + body
        let whole = ExportReaderTests.read(bytes, maximumChunk: 1 << 20)
        #expect(whole.lines.count == 2)
        #expect(
            whole.issues == [
                "conversation 2 (line 2, column 7, byte 33): expected ':' after object key, found '2'",
                "conversation 3 (line 3): expected an object, found an array",
            ])
        for cuts in 1..<8 {
            let ends = [1, 2, 3].filter { cuts & (1 << ($0 - 1)) != 0 } + [bytes.count]
            var chunks: [[UInt8]] = []
            var start = 0
            for end in ends {
                chunks.append(Array(bytes[start..<end]))
                start = end
            }
            for chunkSize in [1, 2, 3, 1 << 20] {
                let read = ExportTrace.read(
                    ExportReader(source: ChunkByteSource(chunks.makeIterator()), options: .init(chunkSize: chunkSize)))
                #expect(read.lines == whole.lines, "cuts at \(ends.dropLast()), chunk size \(chunkSize)")
                #expect(read.issues == whole.issues, "cuts at \(ends.dropLast()), chunk size \(chunkSize)")
                #expect(read.error == nil)
            }
            for jobs in [1, 2] {
                let parallel = Self.runInParallel(chunks, jobs: jobs, pieceSize: 64)
                #expect(parallel.lines == whole.lines, "jobs \(jobs), cuts at \(ends.dropLast())")
                #expect(parallel.issues == whole.issues, "jobs \(jobs), cuts at \(ends.dropLast())")
            }
        }
    }

    /// Only the whole mark is skipped: EF before a value, EF BB before a value are bytes that
    /// cannot begin a value, at byte 0 (the reader resumes on the next line); a second mark after
    /// the first is one too; and EF BB alone is an element that cannot be read.
    @Test(
        arguments: [
            ([0xEF], "conversation 1 (line 1, column 1, byte 0): expected a value, found byte 0xEF"),
            ([0xEF, 0xBB], "conversation 1 (line 1, column 1, byte 0): expected a value, found byte 0xEF"),
            (mark + mark, "conversation 1 (line 1, column 1, byte 3): expected a value, found byte 0xEF"),
        ] as [([UInt8], String)])
    func partialAndRepeatedMarks(_ start: [UInt8], _ issue: String) {
        let bytes = start + Array("{\"id\":1}\n{\"id\":2}\n".utf8)
        for chunkSize in [1, 1 << 20] {
            let read = ExportReaderTests.read(bytes, chunkSize: chunkSize)
            #expect(read.issues == [issue])
            #expect(read.lines.map { $0.prefix(8) } == [#"{"id":2,"#])
            #expect(read.error == nil)
            let parallel = Self.runInParallel([bytes], jobs: 2, pieceSize: 64)
            #expect(parallel.issues == read.issues && parallel.lines == read.lines)
        }
        for chunkSize in [1, 1 << 20] {
            let cut = ExportReaderTests.read([0xEF, 0xBB], chunkSize: chunkSize)
            #expect(cut.issues == ["conversation 1 (line 1, column 1, byte 0): expected a value, found byte 0xEF"])
            #expect(cut.lines.isEmpty && cut.error == nil)
        }
    }

    /// A mark that is not at the very start is an error as before: in a sequence reported (the
    /// rest goes through), in an array fatal. Inside a string it is just a character.
    @Test func aMarkInTheMiddle() {
        let ndjson = ExportReaderTests.read(Array("{\"id\":1}\n\u{FEFF}{\"id\":2}\n{\"id\":3}\n".utf8))
        #expect(ndjson.lines.map { $0.prefix(8) } == [#"{"id":1,"#, #"{"id":3,"#])
        #expect(ndjson.issues == ["conversation 2 (line 2, column 1, byte 9): expected a value, found byte 0xEF"])
        // After a leading mark, which is skipped, the same: the offset counts the first mark too.
        let marked = ExportReaderTests.read(Self.mark + Array("{\"id\":1}\n\u{FEFF}{\"id\":2}\n{\"id\":3}\n".utf8))
        #expect(marked.lines == ndjson.lines)
        #expect(marked.issues == ["conversation 2 (line 2, column 1, byte 12): expected a value, found byte 0xEF"])
        let array = ExportReaderTests.read(Array("[\u{FEFF}{\"id\":1}]".utf8))
        #expect(array.lines.isEmpty)
        #expect(
            array.error.map(String.init(describing:))
                == "conversation 1: line 1, column 2 (byte 1): expected a value, found byte 0xEF")
        let string = ExportReaderTests.read(Array("{\"id\":1,\"subject\":\"\u{FEFF}hi\"}".utf8))
        #expect(string.lines.count == 1 && string.issues.isEmpty && string.error == nil)
    }

    /// Offsets are the file's (the mark's three bytes count); columns are what a user sees (the
    /// mark does not): `{"id" 1}` after a mark has its error at column 7, byte 9.
    @Test func positionsAfterTheMark() {
        let first = ExportReaderTests.read(Self.mark + Array("{\"id\" 1}\n{\"id\":2}\n".utf8))
        #expect(first.issues == ["conversation 1 (line 1, column 7, byte 9): expected ':' after object key, found '1'"])
        let plain = ExportReaderTests.read(Array("{\"id\" 1}\n{\"id\":2}\n".utf8))
        #expect(plain.issues == ["conversation 1 (line 1, column 7, byte 6): expected ':' after object key, found '1'"])
        let array = ExportReaderTests.read(Self.mark + Array("[{\"id\":1}, {\"id\" 2}]".utf8))
        guard case .syntax(let error, let conversation)? = array.error else {
            Issue.record("expected a syntax error")
            return
        }
        #expect(conversation == 2)
        #expect((error.line, error.column, error.offset) == (1, 18, 20))
        // A later layer's issue with a conversation has the same positions.
        let reader = ExportReader(bytes: Self.mark + Array("{\"id\":1}".utf8))
        _ = try? reader.next()
        #expect(reader.issueForLastConversation("x").description == "conversation 1 (line 1): x")
        #expect(reader.issueForLastConversation("x").offset == 3)
        #expect(reader.issueForLastConversation("x").column == 1)
    }

    /// One long line after a mark, read in small windows that are dropped as the reader goes: the
    /// column of an error far into it still leaves the mark out, and the offset still counts it.
    @Test func columnsOnALongLineAfterTheMark() {
        var text = "["
        for number in 0..<300 { text += "{\"id\":\(number),\"subject\":\"é 中 😀 ß\(number)\"}," }
        text += "{\"id\":\"ü\" tru}]"
        let bytes = Self.mark + Array(text.utf8)
        let offset = bytes.count - 5  // the 't'
        let column = bytes[3..<offset].filter { $0 & 0xC0 != 0x80 }.count + 1
        for (chunkSize, maximumChunk) in [(4096, 64), (256, 7), (1 << 20, 1000)] {
            let read = ExportReaderTests.read(bytes, seed: 5, maximumChunk: maximumChunk, chunkSize: chunkSize)
            #expect(read.lines.count == 300)
            guard case .syntax(let error, _)? = read.error else {
                Issue.record("expected a syntax error")
                continue
            }
            #expect((error.line, error.column, error.offset) == (1, column, offset), "chunk size \(chunkSize)")
        }
    }

    /// With the option off, a leading mark is an error, as the tokenizer has it.
    @Test func theOptionOff() {
        let bytes = Self.mark + Array("{\"id\":1}\n{\"id\":2}\n".utf8)
        let read = ExportTrace.read(
            ExportReader(source: ChunkByteSource([bytes].makeIterator()), options: .init(skipsByteOrderMark: false)))
        #expect(
            read.issues == ["conversation 1 (line 1, column 1, byte 0): a byte order mark is not allowed in JSON text"])
        #expect(read.lines.map { $0.prefix(8) } == [#"{"id":2,"#])
        let parallel = Self.runInParallel([bytes], jobs: 2, pieceSize: 64, options: .init(skipsByteOrderMark: false))
        #expect(parallel.issues == read.issues)
        #expect(parallel.lines == read.lines)
    }

    /// Many readers give what one gives, for exports with a mark: every form, broken lines
    /// (whose positions count the mark), and an array with an error.
    @Test func parallelReadersAgreeWithOne() {
        for form in ExportLayout.allCases {
            var generator = FixtureGenerator(seed: 43, variety: .adversarial)
            let bytes = generator.export(form: form, conversations: 40, messagesPerConversation: 0...6)
            ParallelExtractionTests.checkAllJobs(Self.mark + bytes, "\(form) with a mark")
            #expect(
                ParallelExtractionTests.run(Self.mark + bytes, jobs: 2, pieceSize: 4096).output
                    == ParallelExtractionTests.run(bytes, jobs: 1, pieceSize: 1 << 20).output)
        }
        var lines = ""
        for index in 0..<300 {
            lines +=
                index % 17 == 9 ? "{\"id\":\(index), \"x\": tru}\n" : "{\"id\":\(index),\"subject\":\"é\(index)\"}\n"
        }
        ParallelExtractionTests.checkAllJobs(Self.mark + Array(lines.utf8), "broken NDJSON with a mark")
        let array =
            Self.mark
            + Array(
                ("[" + (0..<200).map { "{\"id\":\($0),\"subject\":\"ü\($0)\"}" }.joined(separator: ",") + ",{\"id\" 1}]")
                    .utf8)
        let offset = array.count - 3  // the '1'
        let column = array[3..<offset].filter { $0 & 0xC0 != 0x80 }.count + 1
        let one = ParallelExtractionTests.run(array, jobs: 1, pieceSize: 1 << 20)
        #expect(
            one.error?.hasSuffix(
                "conversation 201: line 1, column \(column) (byte \(offset)): expected ':' after object key, found '1'")
                == true,
            "\(one.error ?? "")")
        ParallelExtractionTests.checkAllJobs(array, "array with an error and a mark")
    }

    @Test func theMatch() {
        func match(_ bytes: [UInt8], isFinal: Bool) -> ByteOrderMark.Match {
            bytes.withUnsafeBufferPointer { ByteOrderMark.match(atStartOf: $0, isFinal: isFinal) }
        }
        #expect(match([0xEF, 0xBB, 0xBF], isFinal: true) == .mark)
        #expect(match([0xEF, 0xBB, 0xBF, 0x7B], isFinal: false) == .mark)
        #expect(match([], isFinal: false) == .needMoreInput)
        #expect(match([0xEF], isFinal: false) == .needMoreInput)
        #expect(match([0xEF, 0xBB], isFinal: false) == .needMoreInput)
        #expect(match([], isFinal: true) == .notMark)
        #expect(match([0xEF, 0xBB], isFinal: true) == .notMark)
        #expect(match([0xEF, 0xBF, 0xBB], isFinal: false) == .notMark)
        #expect(match([0x7B], isFinal: false) == .notMark)
        #expect(match([0xEF, 0x7B], isFinal: false) == .notMark)
    }

    /// Lines and issues of a parallel run over `chunks`.
    static func runInParallel(
        _ chunks: [[UInt8]], jobs: Int, pieceSize: Int, options: ExportReader.Options = .init()
    ) -> ExportTrace {
        var result = ExportTrace()
        var output: [UInt8] = []
        do {
            try ParallelExportReader(
                source: ChunkByteSource(chunks.makeIterator()), jobs: jobs, options: options, pieceSize: pieceSize
            )
            .run { conversation, out in
                conversation.writeJSONLine(into: &out)
                out.append(0x0A)
                return nil
            } write: {
                output += $0
            } report: {
                result.issues.append($0.description)
            }
        } catch {
            result.error = error
        }
        result.lines = output.split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) }
        return result
    }
}
