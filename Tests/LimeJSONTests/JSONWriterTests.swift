import Foundation
import LimeFixtures
import LimeJSON
import Testing

/// The JSON writer against a byte-at-a-time reference (the writer LimeStream had before runs were
/// copied whole: a deliberate second copy, kept to check against) and against JSONSerialization
/// reading its output back. Random texts are drawn from seeded SplitMix64, so a failure reproduces.
@Suite struct JSONWriterTests {
    /// One byte at a time, escaping only what JSON requires.
    static func reference(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for byte in bytes {
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                out.append(byte)
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): out += Array(#"\""#.utf8)
            case UInt8(ascii: "\\"): out += Array(#"\\"#.utf8)
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case 0x08: out += Array(#"\b"#.utf8)
            case 0x0C: out += Array(#"\f"#.utf8)
            default: out += Array(String(format: "\\u%04x", Int(byte)).utf8)
            }
        }
        return out
    }

    @Test func everyControlCharacterAndRunsBetween() throws {
        var random = SplitMix64(seed: 31)
        let pieces: [String] =
            (0..<32).map { String(UnicodeScalar(UInt8($0))) } + [
                "\"", "\\", "/", "a", "ü", "😀", "漢字", "plain text ", "\u{7F}",
            ]
        for length in [0, 1, 2, 3, 17, 200] {
            for _ in 0..<200 {
                let text = (0..<length).map { _ in pieces.randomElement(using: &random)! }.joined()
                var out: [UInt8] = []
                let escaped = JSONWriter.writeStringContents(text, into: &out)
                #expect(out == Self.reference(Array(text.utf8)), "\(text.debugDescription)")
                #expect(escaped == (out.count != text.utf8.count || out.contains(UInt8(ascii: "\\"))))
                var literal: [UInt8] = []
                JSONWriter.writeString(text, into: &literal)
                let back = try JSONSerialization.jsonObject(with: Data("[".utf8 + literal + "]".utf8)) as? [String]
                #expect(back == [text])
            }
        }
    }

    @Test func appendsAfterWhatIsThere() {
        var out = Array("x=".utf8)
        JSONWriter.writeString("a\"b", into: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"x="a\"b""#)
    }
}

/// Re-escaping a string's raw contents in one pass against decoding, (flattening,) and writing.
@Suite struct ReescapeTests {
    /// Line breaks of decoded text as spaces, CR LF as one.
    static func flattened(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A {
                out.append(0x20)
                index += 2
            } else {
                out.append(byte == 0x0A || byte == 0x0D ? 0x20 : byte)
                index += 1
            }
        }
        return out
    }

    static func check(_ raw: [UInt8]) {
        var decoded: [UInt8] = []
        raw.withUnsafeBufferPointer { JSONStringDecoder.decode($0, into: &decoded) }
        for flatten in [false, true] {
            let text = flatten ? Self.flattened(decoded) : decoded
            var expected: [UInt8] = []
            text.withUnsafeBufferPointer { _ = JSONWriter.writeStringContents($0, into: &expected) }
            var out: [UInt8] = Array("keep".utf8)
            let size = raw.withUnsafeBufferPointer {
                JSONStringDecoder.reescape($0, into: &out, lineBreaksAsSpaces: flatten)
            }
            #expect(Array(out.dropFirst(4)) == expected, "\(String(decoding: raw, as: UTF8.self)) flatten \(flatten)")
            #expect(size == text.count)
        }
    }

    @Test func randomEscapesOfEveryKind() {
        var random = SplitMix64(seed: 32)
        let pieces = [
            #"\n"#, #"\r"#, #"\r\n"#, #"\t"#, #"\b"#, #"\f"#, #"\/"#, #"\""#, #"\\"#, #"\u000a"#, #"\u000D"#,
            #"\u0000"#, #"\u001f"#,
            #"\u0022"#, #"\u005c"#, #"\u002F"#, #"\u00e9"#, #"\u20AC"#, #"\ud83d\ude00"#, #"\ud800"#, #"\udc00"#,
            #"\ud83dx"#,
            #"\ud83d\u0041"#, "a", "plain ", "ü", "😀", "漢", #"\u007f"#, #"\u0080"#,
        ]
        for length in [0, 1, 2, 3, 8, 40] {
            for _ in 0..<300 {
                Self.check(Array((0..<length).map { _ in pieces.randomElement(using: &random)! }.joined().utf8))
            }
        }
    }

    @Test func carriageReturnsAndLineFeedsNextToEachOther() {
        for raw in [#"\r\u000a"#, #"\u000d\n"#, #"\r\r\n\n"#, #"a\rb"#, #"\r"#, #"\n\r"#, #"\rx\n"#, #"x\r\n"#] {
            Self.check(Array(raw.utf8))
        }
    }
}
