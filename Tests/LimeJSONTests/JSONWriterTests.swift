import Foundation
import LimeJSON
import Testing

/// The JSON writer against a byte-at-a-time reference (the writer LimeStream had before runs were
/// copied whole) and against JSONSerialization reading its output back.
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
        var random = SystemRandomNumberGenerator()
        let pieces: [String] = (0..<32).map { String(UnicodeScalar(UInt8($0))) } + ["\"", "\\", "/", "a", "ü", "😀", "漢字", "plain text ", "\u{7F}"]
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
