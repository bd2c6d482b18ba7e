/// Resolves the escapes of a JSON string's raw contents into UTF-8.
///
/// The input must already be validated by ``JSONTokenizer`` (so every escape is well formed). A
/// `\uXXXX` high surrogate followed by a `\uXXXX` low surrogate becomes one 4-byte character; a
/// surrogate escape without its partner becomes U+FFFD, so the output is always valid UTF-8.
public enum JSONStringDecoder {
    /// Appends the decoded text of `raw` (string contents between the quotes) to `output`.
    public static func decode(_ raw: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        var index = 0
        let count = raw.count
        while index < count {
            // Copy the run up to the next backslash in one go.
            let end = nextBackslash(raw, from: index)
            if end > index { output.append(contentsOf: UnsafeBufferPointer(rebasing: raw[index..<end])) }
            guard let (scalar, next) = escape(raw, at: end) else { return }
            index = next
            appendUTF8(scalar, into: &output)
        }
    }

    /// The character of the escape whose backslash is at `backslash`, and the index after it: a
    /// `\uXXXX` high surrogate followed by a `\uXXXX` low one is one character, a surrogate
    /// without its partner is U+FFFD. Nil when the input ends inside the escape (it cannot, once
    /// validated).
    @inline(__always)
    static func escape(_ raw: UnsafeBufferPointer<UInt8>, at backslash: Int) -> (scalar: UInt32, next: Int)? {
        let count = raw.count
        guard backslash + 1 < count else { return nil }
        switch raw[backslash + 1] {
        case UInt8(ascii: "n"): return (0x0A, backslash + 2)
        case UInt8(ascii: "t"): return (0x09, backslash + 2)
        case UInt8(ascii: "r"): return (0x0D, backslash + 2)
        case UInt8(ascii: "b"): return (0x08, backslash + 2)
        case UInt8(ascii: "f"): return (0x0C, backslash + 2)
        case UInt8(ascii: "u"):
            guard let unit = hex4(raw, backslash + 2) else { return nil }
            let index = backslash + 6
            if unit & 0xFC00 == 0xD800 {
                // A high surrogate: take the low one if it follows, else U+FFFD.
                if index + 6 <= count, raw[index] == UInt8(ascii: "\\"), raw[index + 1] == UInt8(ascii: "u"),
                    let low = hex4(raw, index + 2), low & 0xFC00 == 0xDC00
                {
                    return (0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00), index + 6)
                }
                return (0xFFFD, index)
            }
            return (unit & 0xFC00 == 0xDC00 ? 0xFFFD : UInt32(unit), index)
        default: return (UInt32(raw[backslash + 1]), backslash + 2)  // '"', '\\', '/'
        }
    }

    /// The index of the first `\\` at or after `start`, or `raw.count`. Eight bytes at a time: a
    /// zero byte of `word ^ 0x5C5C...` is a backslash, and the lowest lane the zero-byte test flags is
    /// exact (borrows only run upwards).
    @inline(__always)
    static func nextBackslash(_ raw: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let count = raw.count
        var index = start
        if let base = raw.baseAddress {
            while index &+ 8 <= count {
                let word =
                    UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self).littleEndian ^ 0x5C5C_5C5C_5C5C_5C5C
                let zero = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
                if zero != 0 { return index &+ zero.trailingZeroBitCount &>> 3 }
                index &+= 8
            }
        }
        while index < count && raw[index] != UInt8(ascii: "\\") { index &+= 1 }
        return index
    }

    static func hex4(_ raw: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt16? {
        guard at + 4 <= raw.count else { return nil }
        var value: UInt16 = 0
        for index in at..<(at + 4) {
            guard let digit = JSONTokenizer.hexValue(raw[index]) else { return nil }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    static func appendUTF8(_ scalar: UInt32, into output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
