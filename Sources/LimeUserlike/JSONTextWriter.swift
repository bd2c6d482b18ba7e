/// Writes JSON text: escaped strings and ``FieldValue``s. Output is valid UTF-8 JSON; non-ASCII stays raw.
enum JSONTextWriter {
    /// Writes `bytes` (valid UTF-8) as a JSON string literal, escaping only what JSON requires.
    static func writeString<C: Collection>(_ bytes: C, into out: inout [UInt8]) where C.Element == UInt8 {
        out.append(UInt8(ascii: "\""))
        writeStringContents(bytes, into: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// Writes `bytes` (valid UTF-8) as the contents of a JSON string literal, without the quotes.
    ///
    /// - Returns: whether any escape was written.
    @discardableResult
    static func writeStringContents<C: Collection>(_ bytes: C, into out: inout [UInt8]) -> Bool where C.Element == UInt8 {
        var escaped = false
        for byte in bytes {
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                out.append(byte)
                continue
            }
            escaped = true
            switch byte {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\\"))
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0x08: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "f"))
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        return escaped
    }

    /// Writes a ``FieldValue`` as JSON.
    static func write(_ value: FieldValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let text), .json(let text): out.append(contentsOf: text.utf8)
        case .string(let text): writeString(text.utf8, into: &out)
        }
    }
}
