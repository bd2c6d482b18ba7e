import LimeJSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
        guard let base = bytes.baseAddress else { return nil }
        let lowest = max(from - 1, 0)
        var index = bytes.count - 2
        while index >= lowest {
            // Eight bytes ending at `index` with no line feed among them are passed in one step:
            // one conversation of many megabytes on one line (a payload, not an export) is searched
            // here a megabyte at a time before the reader gives up cutting it, and byte by byte that
            // was 3% of its `extract`.
            if index - 7 >= lowest {
                let word = UnsafeRawPointer(base + (index - 7)).loadUnaligned(as: UInt64.self)
                if JSONByte.lanes(of: 0x0A, in: word) == 0 {
                    index -= 8
                    continue
                }
            }
            if base[index] == 0x0A && JSONByte.startsValue(base[index + 1]) { return index + 1 }
            index -= 1
        }
        return nil
    }

    /// The first key of the first element of an array, with its quotes (`"accepts_messages"`),
    /// when `bytes` (which start right after the array's `[`) hold it and it has no escapes.
    static func firstKeyPattern(in bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var index = skipWhitespace(bytes, from: 0)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index = skipWhitespace(bytes, from: index + 1)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let open = index
        index += 1
        while index < bytes.count && index - open <= 64 {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            if byte == UInt8(ascii: "\"") { return Array(bytes[open...index]) }
            index += 1
        }
        return nil
    }

    /// In a JSON array whose elements are objects that begin with the same key: the index just
    /// past the last `,` in `bytes` that is followed by `{` and that key (whitespace allowed
    /// between), or nil. It reads back from the end only as far as the last such element starts,
    /// where a scanner would follow every string and bracket of the piece.
    ///
    /// Outside strings this finds array elements; inside a string the key's opening quote would
    /// have to be escaped, so valid JSON has no false match there. An element of a nested array
    /// that begins with the same key would be a wrong cut: the piece before it then ends inside an
    /// element, which its reader reports, and the pipeline falls back to one reader.
    static func lastArrayCut(in bytes: UnsafeBufferPointer<UInt8>, pattern: [UInt8]) -> Int? {
        guard let base = bytes.baseAddress, pattern.count >= 2 else { return nil }
        let last = pattern[pattern.count - 1]
        var end = bytes.count - 1
        while end >= pattern.count - 1 {
            // Find the pattern's closing quote, then compare the rest.
            guard base[end] == last else {
                end -= 1
                continue
            }
            let open = end - (pattern.count - 1)
            if memcmp(base + open, pattern, pattern.count) == 0 {
                let brace = skipWhitespaceBackwards(bytes, from: open - 1)
                if brace >= 0 && base[brace] == UInt8(ascii: "{") {
                    let comma = skipWhitespaceBackwards(bytes, from: brace - 1)
                    if comma >= 0 && base[comma] == UInt8(ascii: ",") { return comma + 1 }
                }
            }
            end -= 1
        }
        return nil
    }

    private static func skipWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var index = from
        while index < bytes.count, JSONByte.isWhitespace(bytes[index]) { index += 1 }
        return index
    }

    private static func skipWhitespaceBackwards(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var index = from
        while index >= 0, JSONByte.isWhitespace(bytes[index]) { index -= 1 }
        return index
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
