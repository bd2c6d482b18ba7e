/// An object member's key, as it stands in the input: its raw bytes between the quotes, and
/// whether they hold escapes. Matching compares raw bytes (decoding only a key with escapes).
public struct JSONKey {
    /// The key's bytes between its quotes: a key is a string that stands before a `:`.
    public let raw: JSONRawString

    @inlinable
    init(document: JSONDocument, start: Int, end: Int, hasEscapes: Bool) {
        raw = JSONRawString(document: document, start: start, end: end, hasEscapes: hasEscapes)
    }

    @inlinable var document: JSONDocument { raw.document }
    @inlinable var start: Int { raw.start }
    @inlinable var end: Int { raw.end }

    /// Whether the raw bytes hold `\` escapes (then they are not the key's text).
    @inlinable public var hasEscapes: Bool { raw.hasEscapes }

    /// Whether the key's text is `name` (raw bytes compared; a key with escapes is decoded first).
    @inlinable
    public func matches(_ name: StaticString) -> Bool {
        name.withUTF8Buffer { matches($0) }
    }

    /// Whether the key's text is the UTF-8 bytes `name`.
    @inlinable
    public func matches(_ name: [UInt8]) -> Bool {
        name.withUnsafeBufferPointer { matches($0) }
    }

    @inlinable
    func matches(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        document.withBaseAddress { base in
            let raw = UnsafeBufferPointer(start: base + start, count: end &- start)
            if hasEscapes { return JSONDocument.escaped(raw, equals: name) }
            return raw.count == name.count
                && (raw.count == 0 || JSONDocument.bytesEqual(raw.baseAddress!, name.baseAddress!, raw.count))
        }
    }

    /// The index of the key in `keys`, or nil when it is none of them.
    @inlinable
    public func index(in keys: JSONKeySet) -> Int? {
        document.withBaseAddress { base in
            keys.index(
                of: UnsafeBufferPointer(start: base + start, count: end &- start), hasEscapes: hasEscapes,
                readable: document.count &- start)
        }
    }

    /// Runs `body` with the key's raw bytes (escapes as in the input; not copied).
    @inlinable
    public func withRawBytes<Result>(_ body: (Span<UInt8>) -> Result) -> Result { raw.withBytes(body) }

    /// The key's text, escapes resolved.
    public func decoded() -> String { raw.decoded() }
}
