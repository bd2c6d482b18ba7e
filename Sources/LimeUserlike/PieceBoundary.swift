/// Where a piece of an export may end so that the next piece starts exactly at an element, found
/// without parsing: parallel extraction cuts the input at these places and hands the pieces out.
///
/// A cut is a guess on invalid input; the reader of each piece checks its piece strictly, and a
/// piece whose last element runs into the cut makes the pipeline fall back to one reader.
enum PieceBoundary {
    /// In a whitespace-separated sequence: the index of the first byte of the last line in
    /// `bytes[from...]` that begins with a byte that can start a JSON value (the same rule by
    /// which the reader resumes after an error), or nil.
    static func lastSequenceStart(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var index = bytes.count - 2
        while index >= max(from - 1, 0) {
            if bytes[index] == 0x0A && startsValue(bytes[index + 1]) { return index + 1 }
            index -= 1
        }
        return nil
    }

    static func startsValue(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "-"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return true
        default:
            return false
        }
    }
}

/// Follows strings and brackets inside a JSON array of conversations, to find the commas that
/// separate its elements. Not a validator: it only tracks "in a string", escapes and depth.
struct ArrayBoundaryScanner {
    private var inString = false
    /// A `\` ended the last scanned bytes: the next byte is escaped.
    private var pendingEscape = false
    /// 0 between the array's elements; the array's own `]` makes it -1.
    private(set) var depth = 0

    /// Scans `bytes[from..<bytes.count]` and returns the index just past the last comma between
    /// elements, or nil when there is none.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let end = bytes.count
        var index = from
        var lastComma: Int?
        if pendingEscape && index < end {
            index += 1
            pendingEscape = false
        }
        while index < end {
            if inString {
                // Inside a string only '"' and '\' matter: eight bytes at a time.
                while index + 8 <= end {
                    let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                    let quote = word ^ 0x2222_2222_2222_2222
                    let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
                    let mask =
                        ((quote &- 0x0101_0101_0101_0101) & ~quote | (backslash &- 0x0101_0101_0101_0101) & ~backslash)
                        & 0x8080_8080_8080_8080
                    if mask != 0 {
                        index += mask.trailingZeroBitCount >> 3
                        break
                    }
                    index += 8
                }
                guard index < end else { break }
                let byte = base[index]
                if byte == UInt8(ascii: "\\") {
                    if index + 1 >= end {
                        pendingEscape = true
                        return lastComma
                    }
                    index += 2
                } else {
                    if byte == UInt8(ascii: "\"") { inString = false }
                    index += 1
                }
            } else {
                switch base[index] {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth < 0 { return lastComma }
                case UInt8(ascii: ","): if depth == 0 { lastComma = index + 1 }
                default: break
                }
                index += 1
            }
        }
        return lastComma
    }
}
