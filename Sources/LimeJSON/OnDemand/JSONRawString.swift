/// A string of a ``JSONDocument`` as it stands in the input: the bytes between its quotes,
/// escapes and all, not copied. Kept apart from its decoded text (``decoded()``), which is made
/// only when asked for.
///
/// A raw string stays readable for as long as its document lives (it reads the document's bytes
/// when asked, wherever the walk stands): a reader can keep one and decide later whether to copy
/// it.
public struct JSONRawString {
    @usableFromInline let document: JSONDocument
    /// Offsets of the first byte after the opening quote and of the closing quote.
    @usableFromInline let start: Int, end: Int
    /// Whether the raw bytes hold `\` escapes (then they are not the string's text).
    public let hasEscapes: Bool

    @inlinable init(document: JSONDocument, start: Int, end: Int, hasEscapes: Bool) {
        self.document = document
        self.start = start
        self.end = end
        self.hasEscapes = hasEscapes
    }

    /// The number of raw bytes.
    @inlinable public var count: Int { end &- start }

    /// Byte offset of the first byte after the opening quote.
    @inlinable public var offset: Int { start }

    /// Runs `body` with the raw bytes (not copied).
    @inlinable
    public func withBytes<Result>(_ body: (Span<UInt8>) -> Result) -> Result {
        document.withBaseAddress { base in body(UnsafeBufferPointer(start: base + start, count: end &- start).span) }
    }

    /// Appends the raw bytes (valid JSON string contents) to `buffer`.
    @inlinable
    public func append(to buffer: inout [UInt8]) {
        document.withBaseAddress { base in
            buffer.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end &- start))
        }
    }

    /// Appends the decoded UTF-8 (escapes resolved; a lone surrogate escape becomes U+FFFD) to
    /// `buffer`.
    @inlinable
    public func appendDecoded(to buffer: inout [UInt8]) {
        document.withBaseAddress { base in
            let raw = UnsafeBufferPointer(start: base + start, count: end &- start)
            if hasEscapes { JSONStringDecoder.decode(raw, into: &buffer) } else { buffer.append(contentsOf: raw) }
        }
    }

    /// The string's text, escapes resolved.
    public func decoded() -> String {
        guard hasEscapes else {
            return document.withBaseAddress { base in
                String(decoding: UnsafeBufferPointer(start: base + start, count: end &- start), as: UTF8.self)
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        appendDecoded(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
