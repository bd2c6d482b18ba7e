// MARK: - Numbers, literals and escapes, checked where the index points

/// The checks the walk over the index makes at a number, a literal or a string's escapes: the
/// same grammar as ``JSONTokenizer``'s, as static functions on raw bytes, answering only "valid up
/// to here" or "not valid" (the tokenizer, reading again from the token, says why).
@usableFromInline
enum ScalarGrammar {
    /// The end of the number that starts at `index`, or -1 when the bytes there are not one.
    /// The byte at the end is not checked (the walk checks that a separator follows).
    @inlinable @inline(__always)
    static func numberEnd(_ base: UnsafePointer<UInt8>, _ count: Int, _ index: Int) -> Int {
        var index = index
        @inline(__always) func isDigit(_ at: Int) -> Bool { at < count && base[at] &- UInt8(ascii: "0") < 10 }
        if base[index] == UInt8(ascii: "-") { index &+= 1 }
        guard index < count else { return -1 }
        if base[index] == UInt8(ascii: "0") {
            index &+= 1
        } else if isDigit(index) {
            index &+= 1
            while isDigit(index) { index &+= 1 }
        } else {
            return -1
        }
        if index < count && base[index] == UInt8(ascii: ".") {
            index &+= 1
            guard isDigit(index) else { return -1 }
            while isDigit(index) { index &+= 1 }
        }
        if index < count && base[index] | 0x20 == UInt8(ascii: "e") {
            index &+= 1
            if index < count && (base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-")) { index &+= 1 }
            guard isDigit(index) else { return -1 }
            while isDigit(index) { index &+= 1 }
        }
        return index
    }

    /// Whether `true`, `false` or `null` (as the byte at `index` says) stands at `index`; returns
    /// its end, or -1.
    @inlinable @inline(__always)
    static func literalEnd(_ base: UnsafePointer<UInt8>, _ count: Int, _ index: Int) -> Int {
        guard index &+ 4 <= count else { return -1 }
        let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt32.self).littleEndian
        switch word {
        case 0x6575_7274, 0x6C6C_756E: return index &+ 4  // "true", "null"
        case 0x736C_6166: return index &+ 5 <= count && base[index &+ 4] == UInt8(ascii: "e") ? index &+ 5 : -1
        default: return -1
        }
    }

    /// Whether a byte may follow a number or literal: whitespace, an operator, or nothing.
    @inlinable @inline(__always)
    static func endsScalar(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }

    /// Whether every escape in the string contents `start..<end` (which hold a backslash at
    /// `first`, the first one) is valid.
    @inlinable
    static func escapesAreValid(_ base: UnsafePointer<UInt8>, from first: Int, to end: Int) -> Bool {
        var index = first
        while index < end {
            if base[index] != UInt8(ascii: "\\") {
                index &+= 1
                continue
            }
            let length = JSONTokenizer.escapeLength(base, end, index)
            guard length > 0 else { return false }
            index &+= length
        }
        return true
    }
}
