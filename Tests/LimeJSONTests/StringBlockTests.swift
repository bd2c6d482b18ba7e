import Foundation
import LimeFixtures
import LimeJSON
import Testing

/// The sixteen-byte string path (`StringBlock`) against a byte-at-a-time reference written from
/// Unicode's table of well-formed UTF-8 sequences (Table 3-7): the same acceptance, the same error
/// at the same offset, the same count of continuation bytes. Each sequence under test stands after
/// a non-ASCII character (which switches the scanner to blocks) and before plenty of ASCII (so a
/// whole block is there), at every position within a block.
@Suite struct StringBlockTests {
    /// The error the reference expects in a string's contents, as the tokenizer words it: the offset
    /// of the first byte that cannot start a character or cannot follow the bytes before it.
    struct Expected: Equatable, CustomStringConvertible {
        var code: JSONError.Code
        var offset: Int
        var description: String { "\(code) at \(offset)" }
    }

    /// Reference validation of string contents (`contents`, starting at absolute offset `base`),
    /// which hold no escapes: the first error, or `nil` when every byte is well-formed and allowed.
    static func reference(_ contents: [UInt8], base: Int) -> Expected? {
        var index = 0
        while index < contents.count {
            let lead = contents[index]
            if lead < 0x80 {
                if lead < 0x20 { return Expected(code: .controlCharacterInString, offset: base + index) }
                // A quote between characters ends the string; the next byte other than whitespace
                // cannot follow an array element (the texts checked here hold no ',' or ']').
                if lead == 0x22 {
                    var next = index + 1
                    while next < contents.count && [0x20, 0x09, 0x0A, 0x0D].contains(contents[next]) { next += 1 }
                    return Expected(code: .expectedCommaOrClose, offset: base + next)
                }
                index += 1
                continue
            }
            // Table 3-7: the lead's length and the range of its second byte; later bytes 80...BF.
            let length: Int
            var second: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                second = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                second = 0x80...0x9F
            case 0xF0:
                length = 4
                second = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                second = 0x80...0x8F
            default: return Expected(code: .invalidUTF8, offset: base + index)
            }
            for next in 1..<length {
                guard index + next < contents.count else {
                    // The closing quote follows the contents here: it cannot continue a character.
                    return Expected(code: .invalidUTF8, offset: base + index + next)
                }
                let range = next == 1 ? second : 0x80...0xBF
                if !range.contains(contents[index + next]) {
                    return Expected(code: .invalidUTF8, offset: base + index + next)
                }
            }
            index += length
        }
        return nil
    }

    /// Tokenizes `["<contents>"]` whole; the first error, or `nil` and the continuation bytes counted.
    static func tokenize(_ contents: [UInt8]) -> (error: Expected?, continuationBytes: Int) {
        let text = Array(#"[""#.utf8) + contents + Array(#""]"#.utf8)
        return text.withUnsafeBufferPointer { buffer in
            var tokenizer = JSONTokenizer(unsafeBytes: buffer)
            do throws(JSONError) {
                while try tokenizer.next().kind != .endOfInput {}
                return (nil, tokenizer.lineTracker.continuationBytes)
            } catch {
                return (Expected(code: error.code, offset: error.offset), -1)
            }
        }
    }

    /// Checks `sequence` placed `shift` bytes into a block of a string, `suffix` bytes before its end
    /// (the last block stands within sixteen bytes of the text's end when that is short, and the
    /// byte-wise path takes over there).
    static func check(
        _ sequence: [UInt8], shift: Int, suffix: Int = 40, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Bool {
        // "ab" then "é" (C3 A9) starts blocks at the é, at offset 4 of the text; `shift` ASCII bytes
        // then move the sequence to offset (2 + shift) % 16 within its block.
        let prefix = Array("abé".utf8) + Array(repeating: UInt8(ascii: "x"), count: shift)
        let suffix = Array(repeating: UInt8(ascii: "y"), count: suffix)
        let contents = prefix + sequence + suffix
        let expected = reference(contents, base: 2)
        let actual = tokenize(contents)
        guard actual.error == expected else {
            Issue.record(
                "\(sequence.map { String($0, radix: 16) }) at shift \(shift), suffix \(suffix.count): expected \(expected.map(String.init(describing:)) ?? "valid"), got \(actual.error.map(String.init(describing:)) ?? "valid")",
                sourceLocation: sourceLocation)
            return false
        }
        if expected == nil {
            let continuations = contents.filter { $0 & 0xC0 == 0x80 }.count
            guard actual.continuationBytes == continuations else {
                Issue.record(
                    "\(sequence.map { String($0, radix: 16) }): \(actual.continuationBytes) continuation bytes counted, \(continuations) there",
                    sourceLocation: sourceLocation)
                return false
            }
        }
        return true
    }

    /// The reference itself, on texts whose validity Swift's own decoder decides.
    @Test func referenceAgreesWithSwiftsDecoder() {
        var random = LimeFixtures.SplitMix64(seed: 7)
        for _ in 0..<5_000 {
            let bytes = (0..<Int(random.next() % 12)).map { _ in UInt8(truncatingIfNeeded: random.next() | 0x80) }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            #expect((Self.reference(bytes, base: 0) == nil) == valid, "\(bytes)")
        }
    }

    /// Every lead byte with every second byte (then two continuation bytes), at positions 15, 0, 1
    /// and 2 of a block: whole, and across a block's end at each byte.
    @Test func everyLeadWithEverySecondByte() {
        var failures = 0
        for lead in UInt8(0x80)...0xFF {
            for second in UInt8(0x00)...0xFF {
                for shift in [0, 13, 14, 15] where failures < 20 {
                    if !Self.check([lead, second, 0x80, 0xBF], shift: shift) { failures += 1 }
                }
            }
        }
    }

    /// Leads at the edges of each row of the table, with second, third and fourth bytes at the
    /// edges of their ranges (and a quote, which ends the string inside a character), at every
    /// position within a block.
    @Test func tableEdgesAtEveryPosition() {
        let leads: [UInt8] = [
            0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
        ]
        let seconds: [UInt8] = [0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0x22]
        let laters: [UInt8] = [0x41, 0x80, 0xBF, 0xC0, 0x22]
        var failures = 0
        for lead in leads {
            for second in seconds {
                for third in laters {
                    for fourth in laters {
                        for shift in 0..<16 where failures < 20 {
                            if !Self.check([lead, second, third, fourth], shift: shift) { failures += 1 }
                        }
                    }
                }
            }
        }
    }

    /// 1 to `maxCharacters` random characters of every UTF-8 length; with `oneBadByte`, one of its
    /// bytes replaced by one that breaks a rule, or ends the string, or is a line feed.
    static func randomText(_ random: inout LimeFixtures.SplitMix64, maxCharacters: Int, oneBadByte: Bool) -> [UInt8] {
        let characters: [String] = [
            "a", " ", "é", "ß", "ж", "߿", "ࠀ", "€", "注", "퟿", "\u{E000}", "\u{FFFF}", "�", "𐀀", "👍", "🎉", "\u{10FFFF}",
        ]
        var sequence: [UInt8] = []
        for _ in 0..<(1 + Int(random.next() % UInt64(maxCharacters))) {
            sequence += Array(characters[Int(random.next() % UInt64(characters.count))].utf8)
        }
        if oneBadByte {
            let index = Int(random.next() % UInt64(sequence.count))
            let replacements: [UInt8] = [
                0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xE0, 0xED, 0xF0, 0xF4, 0xF5, 0xFF, 0x41, 0x22, 0x0A,
            ]
            sequence[index] = replacements[Int(random.next() % UInt64(replacements.count))]
        }
        return sequence
    }

    /// Random runs of well-formed characters of every length, some with one byte changed.
    @Test func randomTextWithAndWithoutOneBadByte() {
        var random = LimeFixtures.SplitMix64(seed: 2611)
        var failures = 0
        for round in 0..<20_000 where failures < 20 {
            let sequence = Self.randomText(&random, maxCharacters: 40, oneBadByte: round % 2 == 1)
            let suffix = round % 3 == 0 ? Int(random.next() % 20) : 40
            if !Self.check(sequence, shift: Int(random.next() % 16), suffix: suffix) { failures += 1 }
        }
    }

    /// Continuation bytes are tallied per lane and summed every 255 blocks: strings of thousands of
    /// blocks still count exactly.
    @Test func longStringsCountEveryContinuationByte() {
        for count in [254 * 16, 255 * 16, 255 * 16 + 1, 256 * 16, 3_000 * 16 + 7] {
            let text = Array(String(repeating: "é€👍a", count: count / 10 + 1).utf8)
            #expect(Self.check(text, shift: count % 16))
        }
    }

    /// Runs of 2-, 3- and 4-byte characters at every alignment cross every block boundary; the
    /// blocks end inside characters, and with a short suffix so does the last block, where the
    /// byte-wise path must start again at the character's first byte.
    @Test func charactersAcrossBlockBoundaries() {
        for character in ["é", "€", "👍"] {
            for count in 1...12 {
                for shift in 0..<16 {
                    for suffix in [0, 1, 2, 3, 5, 17, 40] {
                        _ = Self.check(
                            Array(String(repeating: character, count: count).utf8), shift: shift, suffix: suffix)
                    }
                }
            }
        }
    }
}
