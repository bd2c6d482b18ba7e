/// One token of JSON text: what it is and where its bytes are.
///
/// A token never owns bytes. ``start`` and ``end`` are absolute byte offsets in the input (counted
/// from its first byte, across all chunks fed so far); ask the tokenizer that produced the token
/// for its bytes, its decoded string or its number while those bytes are still held.
///
/// For strings and keys the range covers the contents between the quotes, still escaped; for
/// numbers and literals it covers the whole text; for brackets, the bracket.
public struct JSONToken: Sendable, Equatable, Hashable {
    /// The kind of a token.
    public enum Kind: UInt8, Sendable, Hashable {
        /// `{`
        case objectStart
        /// `}`
        case objectEnd
        /// `[`
        case arrayStart
        /// `]`
        case arrayEnd
        /// A string in key position (the `:` after it is consumed with the next token).
        case key
        /// A string value.
        case string
        /// A number (text checked against the RFC 8259 grammar, not converted).
        case number
        /// `true`
        case `true`
        /// `false`
        case `false`
        /// `null`
        case null
        /// The input is complete and held exactly one JSON text: there are no more tokens.
        case endOfInput
        /// The bytes fed so far end inside or right before a token: feed more, then ask again.
        case needMoreInput
    }

    /// Facts found while scanning, so that callers can take fast paths.
    public struct Flags: OptionSet, Sendable, Hashable {
        /// The bytes of this OptionSet.
        public let rawValue: UInt8
        /// Creates flags from their bits.
        @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// A string or key holds at least one `\` escape: its bytes are not its text.
        @inlinable public static var hasEscapes: Flags { Flags(rawValue: 1) }
        /// A number has no fraction and no exponent.
        @inlinable public static var isInteger: Flags { Flags(rawValue: 2) }
    }

    /// ``start``.
    @usableFromInline var startOffset: Int
    /// ``end`` in the upper 48 bits, ``flags`` in bits 8 to 15, ``kind`` in the low byte.
    ///
    /// Packed so that a token is two words: it travels in two registers, and a
    /// ``JSONMemberTokens`` (two tokens, returned once per member of a key-dense object) in four,
    /// instead of through memory. 48 bits hold any offset below 128 TiB.
    @usableFromInline var packed: Int

    /// What the token is.
    public var kind: Kind {
        // The low byte only ever holds a kind's raw value, which is also its representation; a
        // bit cast, as `Kind(rawValue:)` is a call that checks the range.
        @inlinable @inline(__always) get { unsafeBitCast(UInt8(truncatingIfNeeded: packed), to: Kind.self) }
        @inlinable @inline(__always) set { packed = packed & ~0xFF | Int(newValue.rawValue) }
    }
    /// Scanning facts (escapes in strings, integer numbers).
    public var flags: Flags {
        @inlinable @inline(__always) get { Flags(rawValue: UInt8(truncatingIfNeeded: packed &>> 8)) }
        @inlinable @inline(__always) set { packed = packed & ~0xFF00 | Int(newValue.rawValue) &<< 8 }
    }
    /// Absolute offset of the token's first byte (for strings, the first byte after the quote).
    public var start: Int {
        @inlinable @inline(__always) get { startOffset }
        @inlinable @inline(__always) set { startOffset = newValue }
    }
    /// Absolute offset one past the token's last byte (for strings, the closing quote).
    public var end: Int {
        @inlinable @inline(__always) get { packed &>> 16 }
        @inlinable @inline(__always) set { packed = packed & 0xFFFF | newValue &<< 16 }
    }

    /// Creates a token.
    @inlinable @inline(__always)
    public init(kind: Kind, flags: Flags = [], start: Int, end: Int) {
        self.startOffset = start
        self.packed = end &<< 16 | Int(flags.rawValue) &<< 8 | Int(kind.rawValue)
    }

    /// The number of bytes the token covers.
    @inlinable public var count: Int { end - start }
    /// `true` for strings and keys that contain escapes.
    @inlinable public var hasEscapes: Bool { flags.contains(.hasEscapes) }
    /// `true` for a value that opens a container (`{` or `[`).
    @inlinable @inline(__always) public var isContainerStart: Bool { kind == .objectStart || kind == .arrayStart }
}

extension JSONToken: CustomReflectable {
    /// The token as its four fields (not its packed words), so that printing and dumping a token
    /// show what they always showed.
    public var customMirror: Mirror {
        Mirror(self, children: ["kind": kind, "flags": flags, "start": start, "end": end], displayStyle: .struct)
    }
}
