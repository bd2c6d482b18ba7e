import LimeFixtures
import Testing

@testable import LimeJSON

/// The string scanner's stop mask (`StringBlock.stopBits(at:)`, SSE2 on x86-64) against a plain
/// byte-by-byte reference and against the portable packing, on every byte value in every lane and
/// on random blocks; and the tokenizer, whose short-string path reads two such masks as one, on
/// strings whose first stop falls on every position of the two blocks.
@Suite struct StringStopBitsTests {
    /// Bit `i` when byte `i` is `"`, `\`, below 0x20 or 0x80 and above.
    static func reference(_ bytes: [UInt8]) -> UInt32 {
        var mask: UInt32 = 0
        for (lane, byte) in bytes.enumerated()
        where byte == 0x22 || byte == 0x5C || byte < 0x20 || byte >= 0x80 {
            mask |= 1 << UInt32(lane)
        }
        return mask
    }

    static func masks(_ bytes: [UInt8]) -> (vector: UInt32, portable: UInt32) {
        bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            return (StringBlock.stopBits(at: base), StringBlock.portableStopBits(at: base))
        }
    }

    @Test func everyByteInEveryLane() {
        for lane in 0..<16 {
            for value in 0...255 {
                var block = [UInt8](repeating: UInt8(ascii: "a"), count: 16)
                block[lane] = UInt8(value)
                let expected = Self.reference(block)
                let (vector, portable) = Self.masks(block)
                #expect(vector == expected, "byte \(value) in lane \(lane)")
                #expect(portable == expected, "byte \(value) in lane \(lane) (portable)")
            }
        }
    }

    @Test func randomBlocks() {
        var random = SplitMix64(seed: 0x5709_B175)
        // Bytes drawn mostly from the interesting ones, so most blocks have several stops.
        let pool: [UInt8] = [0x00, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xBF, 0xC3, 0xFF, 0x41]
        for _ in 0..<20_000 {
            let block = (0..<16).map { _ -> UInt8 in
                random.next() % 3 == 0 ? UInt8(truncatingIfNeeded: random.next()) : pool[Int(random.next() % 15)]
            }
            let expected = Self.reference(block)
            let (vector, portable) = Self.masks(block)
            #expect(vector == expected, "\(block)")
            #expect(portable == expected, "\(block) (portable)")
        }
    }

    /// `["aaa…a<stop>…"]` with the first stop at each position 0 to 40 of the string (both blocks of
    /// the short path, and past them): a quote, a backslash escape, a control byte (an error, at its
    /// offset) or a non-ASCII character, each with plenty of bytes after it.
    @Test func tokenizerStopsAtEveryPosition() throws {
        for length in 0...40 {
            let prefix = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            let padding = [UInt8](repeating: UInt8(ascii: " "), count: 40)
            // A quote: the string ends there.
            let plain = Array("[\"".utf8) + prefix + Array("\"]".utf8) + padding
            let plainTokens = try tokens(plain)
            #expect(plainTokens == [.arrayStart, .string(2, 2 + length, escaped: false), .arrayEnd])
            // An escape: the string goes on past it.
            let escaped = Array("[\"".utf8) + prefix + Array("\\n\"]".utf8) + padding
            #expect(try tokens(escaped) == [.arrayStart, .string(2, 4 + length, escaped: true), .arrayEnd])
            // A non-ASCII character: the string goes on past it.
            let accented = Array("[\"".utf8) + prefix + Array("é\"]".utf8) + padding
            #expect(try tokens(accented) == [.arrayStart, .string(2, 4 + length, escaped: false), .arrayEnd])
            // A raw tab: an error at its offset.
            let control = Array("[\"".utf8) + prefix + [0x09] + Array("\"]".utf8) + padding
            #expect(throws: JSONError.self) { try tokens(control) }
            do {
                _ = try tokens(control)
            } catch let error as JSONError {
                #expect(error.code == .controlCharacterInString)
                #expect(error.offset == 2 + length, "length \(length)")
            }
        }
    }

    enum Token: Equatable {
        case arrayStart, arrayEnd
        case string(Int, Int, escaped: Bool)
    }

    func tokens(_ bytes: [UInt8]) throws -> [Token] {
        try JSONTokenizer.withTokenizer(over: bytes) { tokenizer throws(JSONError) in
            var result: [Token] = []
            while true {
                let token = try tokenizer.next()
                switch token.kind {
                case .arrayStart: result.append(.arrayStart)
                case .arrayEnd: result.append(.arrayEnd)
                case .string: result.append(.string(token.start, token.end, escaped: token.hasEscapes))
                case .endOfInput: return result
                default: Issue.record("unexpected \(token.kind)")
                }
            }
        }
    }
}
