import LimeFixtures
import Testing

@testable import LimeJSON

/// Stage 1 against an obvious byte-at-a-time reference, and its paths against each other: the
/// SSE2 masks against the table, the AVX2 kernel against the Swift blocks, on random bytes biased
/// towards JSON's special characters, split into windows at random.
@Suite(.serialized) struct StructuralIndexerTests {
    /// Bytes that exercise every rule: quotes, runs of backslashes, operators, whitespace, control
    /// bytes, and UTF-8 leads and continuations (valid and not).
    static let alphabet: [UInt8] =
        Array("\"\"\"\\\\\\{}[]:,  \t\n\r0123-.eEtruefalsnull abcxyz".utf8)
        + [
            0x00, 0x01, 0x1F, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xC3, 0xDF, 0xE0, 0xE2, 0xED, 0xEF, 0xF0,
            0xF4, 0xF5, 0xFF,
        ]

    static func randomBytes(_ random: inout SplitMix64, count: Int) -> [UInt8] {
        (0..<count).map { _ in
            random.below(4) == 0 ? UInt8(truncatingIfNeeded: random.next()) : alphabet[random.below(alphabet.count)]
        }
    }

    /// Byte by byte: what the index must list, with no masks and no carries. A byte after an odd
    /// run of backslashes is escaped wherever it stands: outside strings a backslash is already an
    /// error (the walk stops at the scalar it starts or ends), so what follows it does not matter,
    /// but the index must still be the same however the input is split.
    static func referencePositions(_ bytes: [UInt8]) -> [Int] {
        var positions: [Int] = []
        var inString = false
        var escaped = false
        var inScalar = false
        for (index, byte) in bytes.enumerated() {
            let isEscaped = escaped
            escaped = byte == UInt8(ascii: "\\") && !isEscaped
            if inString {
                if byte == UInt8(ascii: "\"") && !isEscaped {
                    inString = false
                    positions.append(index)
                } else if byte == UInt8(ascii: "\\") && !isEscaped {
                    positions.append(index)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\"") where !isEscaped:
                inString = true
                inScalar = false
                positions.append(index)
            case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ":"),
                UInt8(ascii: ","):
                inScalar = false
                positions.append(index)
            case 0x20, 0x09, 0x0A, 0x0D:
                inScalar = false
            default:
                if !inScalar { positions.append(index) }
                inScalar = true
            }
        }
        return positions
    }

    struct Outcome: Equatable {
        var positions: [Int] = []
        var suspect = Int.max
        var lineFeeds = 0
        var lineStart = 0
        var continuations = 0
        var continuationsBeforeLine = 0
        var endedInString = false
    }

    /// Indexes `bytes` in windows of the given sizes (pieces of `limit` bytes), with or without the kernel.
    static func index(_ bytes: [UInt8], windows: [Int], limit: Int, kernel: StructuralIndexer.Kernel) -> Outcome {
        let saved = StructuralIndexer.kernel
        StructuralIndexer.kernel = kernel
        defer { StructuralIndexer.kernel = saved }
        var outcome = Outcome()
        var indexer = StructuralIndexer()
        var positions = StructuralPositions(capacity: 64)
        defer { positions.deallocate() }
        bytes.withUnsafeBufferPointer { all in
            var windowEnd = 0
            var sizes = windows.makeIterator()
            while indexer.indexedOffset < all.count {
                windowEnd = min(all.count, windowEnd + max(1, sizes.next() ?? all.count))
                // A window holds everything from the last whole block on, as a reader's would.
                let start = indexer.indexedOffset
                let window = UnsafeBufferPointer(rebasing: all[start..<windowEnd])
                let isFinal = windowEnd == all.count
                repeat {
                    let before = indexer.indexedOffset
                    indexer.index(window, baseOffset: start, isFinal: isFinal, limit: limit, into: &positions)
                    for entry in 0..<positions.count { outcome.positions.append(positions.origin + positions[entry]) }
                    if indexer.indexedOffset == before { break }
                } while indexer.indexedOffset < windowEnd && (isFinal || windowEnd - indexer.indexedOffset >= 64)
            }
        }
        outcome.suspect = indexer.firstSuspectOffset
        outcome.lineFeeds = indexer.lines.lineFeeds
        outcome.lineStart = indexer.lines.lineStart
        outcome.continuations = indexer.lines.continuationBytes
        outcome.continuationsBeforeLine = indexer.lines.continuationBytesBeforeLine
        outcome.endedInString = indexer.endedInString
        return outcome
    }

    @Test func classesMatchTheTable() {
        var random = SplitMix64(seed: 64)
        for _ in 0..<5_000 {
            let bytes = Self.randomBytes(&random, count: 64)
            bytes.withUnsafeBufferPointer { buffer in
                let vector = ByteClasses(buffer.baseAddress!)
                let table = ByteClasses.portable(buffer.baseAddress!)
                #expect(
                    vector.quote == table.quote && vector.backslash == table.backslash
                        && vector.operators == table.operators)
                #expect(vector.whitespace == table.whitespace && vector.lineFeed == table.lineFeed)
                #expect(vector.control == table.control && vector.nonASCII == table.nonASCII)
                #if arch(x86_64)
                    let masks = UTF8Check.vectorMasks(buffer.baseAddress!)
                    let reference = UTF8Check.portableMasks(buffer.baseAddress!)
                    #expect(
                        masks.bit7 == reference.bit7 && masks.bit6 == reference.bit6 && masks.bit5 == reference.bit5)
                    #expect(masks.bit4 == reference.bit4 && masks.never == reference.never && masks.e0 == reference.e0)
                    #expect(masks.ed == reference.ed && masks.f0 == reference.f0 && masks.f4 == reference.f4)
                #endif
            }
        }
    }

    @Test func positionsMatchTheReference() {
        var random = SplitMix64(seed: 65)
        for round in 0..<400 {
            let bytes = Self.randomBytes(&random, count: random.below(700))
            let whole = Self.index(bytes, windows: [], limit: Int.max, kernel: .swift)
            #expect(whole.positions == Self.referencePositions(bytes), "round \(round)")
        }
    }

    @Test func anyWindowingGivesTheSameIndex() {
        var random = SplitMix64(seed: 66)
        for round in 0..<300 {
            let bytes = Self.randomBytes(&random, count: 1 + random.below(900))
            let whole = Self.index(bytes, windows: [], limit: Int.max, kernel: .swift)
            let windows = (0..<40).map { _ in 1 + random.below(200) }
            let limit = 64 * (1 + random.below(4))
            #expect(
                Self.index(bytes, windows: windows, limit: limit, kernel: .swift).positions == whole.positions,
                "round \(round)")
            #expect(
                Self.index(bytes, windows: windows, limit: limit, kernel: .swift).suspect == whole.suspect,
                "round \(round)")
        }
    }

    /// Every C kernel this processor runs (none on a processor without AVX2).
    @Test(arguments: StructuralIndexer.availableKernels.filter { $0 != .swift })
    func kernelMatchesTheSwiftPath(_ kernel: StructuralIndexer.Kernel) throws {
        var random = SplitMix64(seed: 67)
        for round in 0..<600 {
            let bytes = Self.randomBytes(&random, count: random.below(2_000))
            let windows = round % 2 == 0 ? [] : (0..<40).map { _ in 1 + random.below(400) }
            let swift = Self.index(bytes, windows: windows, limit: Int.max, kernel: .swift)
            #expect(swift == Self.index(bytes, windows: windows, limit: Int.max, kernel: kernel), "round \(round)")
        }
        // And on real text: long generated payloads, compact and pretty.
        for pretty in [false, true] {
            var generator = FixtureGenerator(seed: 68)
            let payload = generator.conversation(messageCount: 80, pretty: pretty)
            #expect(
                Self.index(payload, windows: [], limit: 4096, kernel: .swift)
                    == Self.index(payload, windows: [], limit: 4096, kernel: kernel))
        }
    }

    /// The line counts agree with counting line feeds outside strings and continuation bytes.
    @Test func linesAreCounted() {
        var generator = FixtureGenerator(seed: 69)
        let payload = generator.conversation(messageCount: 30, pretty: true)
        for kernel in StructuralIndexer.availableKernels {
            let outcome = Self.index(payload, windows: [], limit: 1000, kernel: kernel)
            let feeds = payload.indices.filter { payload[$0] == 0x0A }
            #expect(outcome.lineFeeds == feeds.count)
            #expect(outcome.lineStart == feeds.last! + 1)
            #expect(outcome.continuations == payload.filter { $0 & 0xC0 == 0x80 }.count)
            #expect(outcome.continuationsBeforeLine == payload[..<feeds.last!].filter { $0 & 0xC0 == 0x80 }.count)
            #expect(outcome.suspect == Int.max)
        }
    }
}
