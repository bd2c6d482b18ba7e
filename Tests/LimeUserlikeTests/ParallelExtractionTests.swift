import Foundation
import LimeFixtures
import LimeJSON
import LimeTestSupport
import Testing

@testable import LimeUserlike

/// `--jobs N` gives the same bytes and the same reports as one reader, for every N.
@Suite struct ParallelExtractionTests {
    static func run(_ bytes: [UInt8], jobs: Int, pieceSize: Int) -> ParallelExportTrace {
        ParallelExportTrace.run(bytes, jobs: jobs, pieceSize: pieceSize, chunkSize: 5000)
    }

    static func checkAllJobs(_ bytes: [UInt8], _ name: String) {
        let one = run(bytes, jobs: 1, pieceSize: 1 << 20)
        for jobs in [2, 3, 4] {
            for pieceSize in [256, 4096, 65_536] {
                #expect(
                    run(bytes, jobs: jobs, pieceSize: pieceSize) == one, "\(name): jobs \(jobs), pieces of \(pieceSize)"
                )
            }
        }
    }

    @Test(arguments: ExportLayout.allCases, FixtureGenerator.Variety.allCases)
    func generatedExports(_ layout: ExportLayout, _ variety: FixtureGenerator.Variety) {
        var generator = FixtureGenerator(seed: 31, variety: variety)
        let bytes = generator.export(form: layout, conversations: 40, messagesPerConversation: 0...6)
        let one = Self.run(bytes, jobs: 1, pieceSize: 1 << 20)
        #expect(one.error == nil)
        #expect(one.last == 40)
        Self.checkAllJobs(bytes, "\(layout) \(variety)")
    }

    @Test func aConversationLargerThanAPiece() {
        var generator = FixtureGenerator(seed: 32)
        var bytes = generator.export(form: .ndjson, conversations: 5, messagesPerConversation: 1...2)
        bytes += generator.conversation(messageCount: 300) + [0x0A]
        bytes += generator.export(form: .ndjson, conversations: 5, messagesPerConversation: 1...2)
        Self.checkAllJobs(bytes, "large element in NDJSON")
        var array = Array("[".utf8) + generator.conversation(messageCount: 300) + Array(",".utf8)
        array += generator.conversation(messageCount: 1) + Array("]".utf8)
        Self.checkAllJobs(array, "large element in an array")
    }

    /// Bad input: skipped elements, broken lines, pretty objects whose inner lines start at the
    /// first column (so a cut lands inside an element), and array errors all give what one
    /// reader gives.
    @Test func badInputs() {
        var lines = ""
        for index in 0..<300 {
            switch index % 23 {
            case 5: lines += "42\n"
            case 9: lines += "{\"id\":\(index), \"x\": tru}\n"
            case 14: lines += "{\"id\":\(index),\n"
            case 17: lines += "{\n\"id\":\(index),\n\"status\":\"x\"\n}\n"
            default: lines += "{\"id\":\(index),\"status\":\"ok\",\"transcript\":[{\"body\":\"m\(index)\"}]}\n"
            }
        }
        Self.checkAllJobs(Array(lines.utf8), "broken NDJSON")
        var array = "[" + (0..<200).map { "{\"id\":\($0),\"subject\":\"s,]}\\\"\($0)\"}" }.joined(separator: ",")
        array += ",{\"id\":\"broken\" \"x\":1}," + (0..<50).map { "{\"id\":\($0)}" }.joined(separator: ",") + "]"
        let one = Self.run(Array(array.utf8), jobs: 1, pieceSize: 1 << 20)
        #expect(one.error != nil)
        Self.checkAllJobs(Array(array.utf8), "array with an error")
    }

    /// Arrays are cut where an element begins with the first element's first key. Messages that
    /// begin with the same key make some of those cuts land inside a conversation: the piece
    /// before then ends inside an element, and the result is still exactly one reader's.
    @Test func arrayCutsInsideConversationsFallBackCleanly() {
        let conversations = (0..<150).map { number in
            "{\"id\":\(number),\"transcript\":["
                + (0..<4).map { "{\"id\":\($0),\"body\":\"b\(number).\($0) ,{\\\"id\\\"\"}" }.joined(separator: ",")
                + "]}"
        }
        for separator in [",", ",\n  ", " , "] {
            let bytes = Array(("[" + conversations.joined(separator: separator) + "]").utf8)
            let one = Self.run(bytes, jobs: 1, pieceSize: 1 << 20)
            #expect(one.error == nil)
            #expect(one.last == 150)
            Self.checkAllJobs(bytes, "nested elements with the first key, separator \(separator.debugDescription)")
        }
    }

    /// The last line that starts a value, found eight bytes a step, is the one a byte-by-byte
    /// search finds: random bytes with line feeds and value starts at every distance, every `from`.
    @Test func lastSequenceStartIsTheByteByByteAnswer() {
        func reference(_ bytes: [UInt8], from: Int) -> Int? {
            var index = bytes.count - 2
            while index >= max(from - 1, 0) {
                if bytes[index] == 0x0A && JSONByte.startsValue(bytes[index + 1]) { return index + 1 }
                index -= 1
            }
            return nil
        }
        var random = SplitMix64(seed: 4242)
        let alphabet = Array("\n\n{[\"-0tfnx ,}\u{FF}".utf8) + [0x0A, 0x0B, 0x8A, 0x09]
        var found = 0
        for round in 0..<400 {
            let count = random.below(90)
            // Sparse line feeds in some rounds, so that whole words are passed.
            let bytes = (0..<count).map { _ in
                round % 2 == 0 ? alphabet[random.below(alphabet.count)] : (random.chance(3) ? 0x0A : 0x7B)
            }
            for from in 0...count + 1 {
                let expected = reference(bytes, from: from)
                let got = bytes.withUnsafeBufferPointer { PieceBoundary.lastSequenceStart(in: $0, from: from) }
                #expect(got == expected, "round \(round), from \(from)")
                if expected != nil { found += 1 }
            }
        }
        #expect(found > 1000)
        for word: UInt64 in [0, 0x0A, 0x0A << 56, 0x0B0B_0B0B_0B0B_0B0B, 0x8A8A_8A8A_8A8A_8A8A, ~0] {
            let bytes = withUnsafeBytes(of: word.littleEndian) { Array($0) }
            #expect((JSONByte.lanes(of: 0x0A, in: word) != 0) == bytes.contains(0x0A), "\(word)")
        }
    }

    @Test func arrayCutPattern() {
        func pattern(_ text: String) -> String? {
            Array(text.utf8).withUnsafeBufferPointer { PieceBoundary.firstKeyPattern(in: $0) }.map {
                String(decoding: $0, as: UTF8.self)
            }
        }
        #expect(pattern(" \n{ \"accepts_messages\":true}") == "\"accepts_messages\"")
        #expect(pattern("{\"a\\\"b\":1}") == nil)  // escapes: no pattern, the scanner cuts
        #expect(pattern("[1]") == nil)
        #expect(pattern("{\"unfinished") == nil)
        func cut(_ text: String) -> Int? {
            Array(text.utf8).withUnsafeBufferPointer {
                PieceBoundary.lastArrayCut(in: $0, pattern: Array("\"k\"".utf8))
            }
        }
        #expect(cut("{\"k\":1},{\"k\":2}, \n{ \"k\":3}") == 16)
        #expect(cut("{\"k\":1},{\"k\":2,\"x\":\"k\"}") == 8)  // a value "k" is no element start
        #expect(cut("{\"k\":1}") == nil)
        #expect(cut("{\"k\":1}:{\"k\":2}") == nil)
        #expect(cut("{\"k\":1},{\"k") == nil)
    }

    /// The reader's window stays bounded by the largest element, not the export.
    @Test func memoryIsBoundedByTheLargestConversation() throws {
        var generator = FixtureGenerator(seed: 33)
        var chunks: [[UInt8]] = []
        generator.writeExport(form: .ndjson, targetBytes: 20_000_000, messagesPerConversation: 5...60) {
            chunks.append(Array($0))
        }
        let largest = chunks.reduce(0) { max($0, $1.count) }
        let reader = ExportReader(source: ChunkByteSource(chunks.makeIterator()))
        var count = 0
        var maximumCapacity = 0
        while let item = try reader.next() {
            if case .conversation = item { count += 1 }
            maximumCapacity = max(maximumCapacity, reader.bufferCapacity)
        }
        #expect(count > 100)
        // Twice the read size, plus room for one element: never the export's 20 MB.
        #expect(maximumCapacity <= 4 << 20, "window grew to \(maximumCapacity) bytes (chunks up to \(largest))")
    }
}
