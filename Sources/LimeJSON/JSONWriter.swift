/// Writes JSON text into byte buffers: the one JSON writer of every layer (extraction output,
/// plan lines, request bodies, the sender's records).
///
/// Output is valid UTF-8 JSON when the input text is valid UTF-8; non-ASCII stays raw, and only
/// what JSON requires is escaped (`"`, `\` and control characters, the common ones as `\n`, `\t`, ...).
public enum JSONWriter {
    /// Appends `text` as a JSON string literal, quotes included.
    @inlinable
    public static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        writeStringContents(text, into: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `text` as the contents of a JSON string literal, without the quotes.
    ///
    /// - Returns: whether any escape was written.
    @inlinable @discardableResult
    public static func writeStringContents(_ text: String, into out: inout [UInt8]) -> Bool {
        var text = text
        return text.withUTF8 { writeStringContents($0, into: &out) }
    }

    /// Appends the UTF-8 `bytes` as the contents of a JSON string literal, without the quotes.
    /// Runs that need no escape are found eight bytes at a time and copied whole.
    ///
    /// - Returns: whether any escape was written.
    @discardableResult
    public static func writeStringContents(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
        var escaped = false
        var runStart = 0
        var index = 0
        while true {
            index = firstByteNeedingEscape(in: bytes, from: index)
            guard index < bytes.count else { break }
            if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            escaped = true
            appendEscape(bytes[index], into: &out)
            index &+= 1
            runStart = index
        }
        if runStart < bytes.count {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        return escaped
    }

    /// The index of the first byte at or after `start` that JSON does not allow raw in a string
    /// (`"`, `\` or a control character), or `bytes.count`. Eight bytes at a time: a word with
    /// none of them is passed over with a few operations.
    public static func firstByteNeedingEscape(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        let count = bytes.count
        #if _endian(little)
            if let base = bytes.baseAddress {
                let ones: UInt64 = 0x0101_0101_0101_0101
                let highs: UInt64 = 0x8080_8080_8080_8080
                while index &+ 8 <= count {
                    let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                    // Each test marks the high bit of a byte that matches, exactly for the lowest
                    // such byte (borrows only run upwards), which is all that is used.
                    let control = (word &- 0x2020_2020_2020_2020) & ~word & highs
                    let quote = word ^ (ones &* 0x22)
                    let backslash = word ^ (ones &* 0x5C)
                    let marks =
                        control | ((quote &- ones) & ~quote & highs) | ((backslash &- ones) & ~backslash & highs)
                    if marks != 0 { return index &+ (marks.trailingZeroBitCount &>> 3) }
                    index &+= 8
                }
            }
        #endif
        while index < count {
            let byte = bytes[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            index &+= 1
        }
        return count
    }

    /// Appends the escape of one byte that JSON does not allow raw in a string (`\"`, `\\`, `\n`,
    /// `\r`, `\t`, `\b`, `\f`, else `\u00XX`).
    public static func appendEscape(_ byte: UInt8, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        default:
            let hex = Array("0123456789abcdef".utf8)
            out.append(contentsOf: [
                UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
            ])
        }
    }
}
