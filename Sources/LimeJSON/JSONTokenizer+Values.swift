// MARK: - Reading token contents: bytes, strings, numbers (only when asked)

extension JSONTokenizer {
    /// The raw bytes of `token` in the current window, without a copy: a string's contents still
    /// escaped, a number's text.
    ///
    /// - Warning: valid only while the window that holds the token is; the token must come from
    ///   this tokenizer's current window.
    @inlinable
    public func unsafeBytes(of token: JSONToken) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: input[(token.start &- baseOffset)..<(token.end &- baseOffset)])
    }

    /// Whether a string or key token's text equals `text`, comparing raw bytes when the token has
    /// no escapes and decoding it only when it does.
    @inlinable
    public func token(_ token: JSONToken, equals text: StaticString) -> Bool {
        let raw = unsafeBytes(of: token)
        let expected = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        if !token.hasEscapes { return raw.elementsEqual(expected) }
        var decoded: [UInt8] = []
        JSONStringDecoder.decode(raw, into: &decoded)
        return decoded.elementsEqual(expected)
    }

    /// The decoded text of a string or key token (escapes resolved; a lone surrogate escape becomes
    /// U+FFFD). Strings without escapes are made straight from their bytes.
    public func string(_ token: JSONToken) -> String {
        let raw = unsafeBytes(of: token)
        if !token.hasEscapes { return String(decoding: raw, as: UTF8.self) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(raw.count)
        JSONStringDecoder.decode(raw, into: &decoded)
        return String(decoding: decoded, as: UTF8.self)
    }

    /// Appends the decoded UTF-8 bytes of a string or key token to `output`.
    @inlinable
    public func appendDecoded(_ token: JSONToken, into output: inout [UInt8]) {
        let raw = unsafeBytes(of: token)
        if token.hasEscapes {
            JSONStringDecoder.decode(raw, into: &output)
        } else {
            output.append(contentsOf: raw)
        }
    }

    /// A number token's text (`"-1.5e3"`).
    public func numberText(_ token: JSONToken) -> String { String(decoding: unsafeBytes(of: token), as: UTF8.self) }

    /// A number token as `Int64`, or `nil` when it has a fraction or exponent or does not fit.
    public func int64(_ token: JSONToken) -> Int64? { JSONNumber.int64(unsafeBytes(of: token)) }

    /// A number token as the nearest `Double` (`nil` only if the value is beyond `Double`'s range).
    public func double(_ token: JSONToken) -> Double? { JSONNumber.double(unsafeBytes(of: token)) }
}
