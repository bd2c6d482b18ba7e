// MARK: - Members: a key and its value's first token in one call

extension JSONTokenizer {
    /// Reads the next member of the innermost object: its key, and its value's first token.
    ///
    /// The same tokens, errors and state as ``next()`` for the key and, when that is a `.key`,
    /// ``next()`` again for the value (see ``JSONMemberTokens``); call it where a key or `}` may stand.
    /// A string, integer or literal value, the most common, is scanned inline, so that a key-dense
    /// object costs one call per member instead of three.
    ///
    /// - Returns: the key and the value's first token; at the object's end, the `.objectEnd` token
    ///   as both.
    /// - Throws: ``JSONError`` at the first byte that breaks RFC 8259, the same error as ``next()``;
    ///   when it lies in the value (or between key and value), the key is not handed out.
    @inlinable
    public mutating func nextMember() throws(JSONError) -> JSONMemberTokens {
        try nextMember(wantedKeyLengths: ~0)
    }

    /// Reads the next member of the innermost object, as ``nextMember()`` does, but passes over
    /// members that the caller does not want: a member whose key is `n` bytes long, with bit `n`
    /// of `wantedKeyLengths` clear, and whose value is a string, number or literal, may be read,
    /// validated and dropped, and the next member read instead. Only members of compact JSON are
    /// passed over (short plain keys, short plain strings, plain integers, literals); any other
    /// member is handed out whatever its key, so the caller still matches every key it gets.
    ///
    /// A reader that wants a few keys of a key-dense object (an extractor: seven of a chat
    /// message's thirty) so skips the others inside one call, with the position in a register,
    /// instead of one call, one key match and one skip each.
    ///
    /// - Returns: as ``nextMember()``, for the first member not passed over.
    /// - Throws: as ``nextMember()``; errors, and their positions, are those of reading every member.
    @inlinable
    public mutating func nextMember(wantedKeyLengths: UInt64) throws(JSONError) -> JSONMemberTokens {
        // The member of compact JSON, `"key":value` with a short plain key, is read with the
        // position in a register, and the state is written at the end: through the general path
        // it went to memory and back after the key, the colon and the value, each a store the next
        // step had to wait for. Anything else leaves the state as it was and goes the general way
        // (``memberSlowly()``), or, once the key and the colon are read, the general way for the
        // value (``valueAfterKey()``). So the fast path only ever commits what the general path
        // would have produced from the same bytes.
        let count = input.count
        var p = position
        if p < count && input[p] <= 0x20 {
            // Whitespace before the key (pretty-printed JSON): skipped as the general path
            // would skip it first, so nothing is lost when it is taken after all. A line feed
            // and an indent of up to 15 spaces, as pretty printers write before every key, are
            // crossed in one step: the spaces as one 16-byte mask, the line feed counted.
            if input[p] == 0x0A && p &+ 18 <= count {
                crossIndent()
                p = position
            }
            if input[p] <= 0x20 {
                skipWhitespace()
                p = position
            }
        }
        guard p < count else { return try memberSlowly() }
        // The window holds a byte, so it has a base address.
        let base = input.baseAddress.unsafelyUnwrapped
        let first = base[p]
        if first == UInt8(ascii: "}") {
            // The object's end, after a member or right after `{`: what ``next()`` does there.
            if expectation == .keyOrObjectEnd || (expectation == .commaOrClose && stack.topIsObject) {
                let end = closeContainer(.objectEnd)
                return JSONMemberTokens(key: end, value: end)
            }
            return try memberSlowly()
        }
        // A key (keyOrObjectEnd and key are 2 and 3: one compare for both) with 32 bytes of window
        // after its quote.
        guard first == UInt8(ascii: "\""), expectation.rawValue &- Expectation.keyOrObjectEnd.rawValue <= 1,
            p &+ 33 <= count
        else { return try memberSlowly() }
        // Each turn reads the member whose key's quote is at `p`, with the state at that quote.
        while true {
            // The key: closed within its 32 bytes and plain ASCII, and the colon right after it.
            let keyStart = p &+ 1
            let keyStops = StringBlock.shortStops(base, keyStart)
            let keyEnd = StringBlock.shortStringEnd(base, keyStart, stops: keyStops)
            guard keyEnd >= 0 else { return try memberSlowly() }
            p = keyEnd &+ 1
            guard p < count, base[p] == UInt8(ascii: ":") else { return try memberSlowly() }
            p &+= 1
            // `"key": value`: one space, as pretty printers write it; more goes the general way.
            if p < count && base[p] == UInt8(ascii: " ") { p &+= 1 }
            let key = JSONToken(kind: .key, start: baseOffset &+ keyStart, end: baseOffset &+ keyEnd)
            guard p &+ 33 <= count else { return JSONMemberTokens(key: key, value: try valueAfterKey(at: p)) }
            let byte = base[p]
            let value: JSONToken
            if byte == UInt8(ascii: "\"") {
                let start = p &+ 1
                // A short value ends within the key's 32 bytes: its quotes are among the key's
                // stops. From the byte after the colon, the lowest stop is the value's opening
                // quote (a space before it is no stop), and the next is the first stop from
                // `start`, as a scan from there would find. So the value costs no loads of its
                // own, and its end is a few bit operations after the key's, independent of the
                // byte after the colon. (The shift is at most 33.)
                let afterColon =
                    UInt64(truncatingIfNeeded: keyStops) &>> UInt64(truncatingIfNeeded: keyEnd &- keyStart &+ 2)
                let laterStops = afterColon & (afterColon &- 1)
                let end =
                    laterStops != 0
                    ? StringBlock.shortStringEnd(base, keyEnd &+ 2, stops: UInt32(truncatingIfNeeded: laterStops))
                    : StringBlock.shortStringEnd(base, start)
                guard end >= 0 else { return JSONMemberTokens(key: key, value: try valueAfterKey(at: p)) }
                value = JSONToken(kind: .string, start: baseOffset &+ start, end: baseOffset &+ end)
                p = end &+ 1
            } else if byte &- UInt8(ascii: "0") < 10 {
                let length = Self.plainIntegerLength(at: base + p)
                guard length > 0 else { return JSONMemberTokens(key: key, value: try valueAfterKey(at: p)) }
                value = JSONToken(
                    kind: .number, flags: .isInteger, start: baseOffset &+ p, end: baseOffset &+ p &+ length)
                p &+= length
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                guard stack.depth < options.maximumDepth else {
                    return JSONMemberTokens(key: key, value: try valueAfterKey(at: p))
                }
                let isObject = byte == UInt8(ascii: "{")
                stack.push(isObject: isObject)
                position = p &+ 1
                expectation = isObject ? .keyOrObjectEnd : .valueOrArrayEnd
                return JSONMemberTokens(
                    key: key,
                    value: JSONToken(
                        kind: isObject ? .objectStart : .arrayStart, start: baseOffset &+ p,
                        end: baseOffset &+ p &+ 1))
            } else {
                // `true`, `false`, `null`: the first four bytes as one word (and the `e` of `false`).
                let word = UnsafeRawPointer(base + p).loadUnaligned(as: UInt32.self).littleEndian
                let kind: JSONToken.Kind
                let length: Int
                if word == 0x6C6C_756E {
                    kind = .null
                    length = 4
                } else if word == 0x6575_7274 {
                    kind = .true
                    length = 4
                } else if word == 0x736C_6166 && base[p &+ 4] == UInt8(ascii: "e") {
                    kind = .false
                    length = 5
                } else {
                    return JSONMemberTokens(key: key, value: try valueAfterKey(at: p))
                }
                value = JSONToken(kind: kind, start: baseOffset &+ p, end: baseOffset &+ p &+ length)
                p &+= length
            }
            // After a value in an object: the comma and the next key, or (the general way, with
            // whitespace) whatever follows. p <= count: the value ended within the 33 bytes.
            guard p < count && base[p] == UInt8(ascii: ",") else {
                position = p
                expectation = .commaOrClose
                consumeSeparator(UInt8(ascii: ","))
                return JSONMemberTokens(key: key, value: value)
            }
            p &+= 1
            position = p
            expectation = .key
            // A member not wanted, and the next key's quote right after the comma (or after a line
            // feed and an indent) with room for the fast path: dropped, and the next member read
            // in this call. The state is the general path's after the comma (and the indent)
            // already, so any way out of the next turn finds it as a fresh call would.
            let isWanted = (wantedKeyLengths &>> UInt64(truncatingIfNeeded: keyEnd &- keyStart)) & 1 != 0
            guard !isWanted, p &+ 33 <= count else { return JSONMemberTokens(key: key, value: value) }
            if base[p] == 0x0A {
                // Pretty-printed JSON: the line feed and the indent before the next key, crossed
                // as ``crossIndent()`` crosses them, when the key's quote and room follow.
                let next = Self.indentEnd(base, p)
                guard base[next] == UInt8(ascii: "\""), next &+ 33 <= count else {
                    return JSONMemberTokens(key: key, value: value)
                }
                countLineFeed(at: p)
                p = next
                position = p
            } else if base[p] != UInt8(ascii: "\"") {
                return JSONMemberTokens(key: key, value: value)
            }
        }
    }

    /// Crosses the line feed at `position` and an indent of up to 15 spaces after it, when a byte
    /// other than whitespace follows them, in one step: the spaces as one 16-byte mask, the line
    /// feed counted as ``skipWhitespace()`` counts it. Anything else is left where it is. Out of
    /// line, so that compact JSON's ``nextMember()`` stays small enough to be inlined.
    @usableFromInline @inline(never)
    mutating func crossIndent() {
        let p = position
        let base = input.baseAddress.unsafelyUnwrapped
        let next = Self.indentEnd(base, p)
        guard base[next] > 0x20 else { return }
        countLineFeed(at: p)
        position = next
    }

    /// The index after the line feed at `p` and the spaces after it, up to 16 of them (the 17 bytes
    /// from `p` must be readable): one `pcmpeqb` and one `pmovmskb`.
    @inlinable @inline(__always)
    static func indentEnd(_ base: UnsafePointer<UInt8>, _ p: Int) -> Int {
        p &+ 1 &+ (~StringBlock.spaceBits(at: base + (p &+ 1))).trailingZeroBitCount
    }

    /// Counts the line feed at window index `p` as ``skipWhitespace()`` counts it.
    @inlinable @inline(__always)
    mutating func countLineFeed(at p: Int) {
        lines.lineFeeds &+= 1
        lines.lineStart = baseOffset &+ p &+ 1
        lines.continuationBytesBeforeLine = lines.continuationBytes
    }

    /// ``nextMember()`` for everything its fast path does not take: whitespace between the tokens,
    /// long or escaped keys, the window's end, errors.
    @usableFromInline @inline(never)
    mutating func memberSlowly() throws(JSONError) -> JSONMemberTokens {
        let atQuote = position < input.count && input[position] == UInt8(ascii: "\"")
        let key: JSONToken
        if atQuote && expectation.rawValue &- Expectation.keyOrObjectEnd.rawValue <= 1 {
            key = try scanKey()
            if key.kind == .needMoreInput { return JSONMemberTokens(key: key, value: key) }
        } else {
            key = try next()
            guard key.kind == .key else { return JSONMemberTokens(key: key, value: key) }
        }
        // No colon yet (whitespace or an error before it), or the window ends: the general path.
        guard expectation == .value else { return JSONMemberTokens(key: key, value: try next()) }
        return JSONMemberTokens(key: key, value: try valueAfterKey(at: position))
    }

    /// Reads the value of the member whose key and colon were just read, from `start` (the
    /// position after the colon, or after one space after it), as ``next()`` would: strings, plain
    /// integers and literals inline, everything else through ``scanValue(startingWith:)``.
    @usableFromInline @inline(never)
    mutating func valueAfterKey(at start: Int) throws(JSONError) -> JSONToken {
        position = start
        expectation = .value
        // Whitespace only when the value's first byte is not right there.
        var available = position < input.count
        if !available || input[position] <= 0x20 {
            skipWhitespace()
            available = position < input.count
        }
        // The window ends before the value: the general path (more input, or the error).
        guard available else { return try next() }
        let byte = input[position]
        if byte == UInt8(ascii: "\"") {
            let value = try scanString(kind: .string)
            if value.kind != .needMoreInput { afterValue() }
            return value
        }
        if byte &- UInt8(ascii: "0") < 10, let value = scanPlainInteger() {
            afterValue()
            return value
        }
        switch byte {
        case UInt8(ascii: "n"): return try scanLiteral(.null, 0x6C6C_756E, "null")
        case UInt8(ascii: "t"): return try scanLiteral(.true, 0x6575_7274, "true")
        case UInt8(ascii: "f"): return try scanLiteral(.false, 0x736C_6166, "false")
        default: return try scanValue(startingWith: byte)
        }
    }

    /// Reads the key whose opening quote is at `position`, and the `:` after it when it is there.
    @inlinable @inline(__always)
    mutating func scanKey() throws(JSONError) -> JSONToken {
        let token = try scanString(kind: .key)
        if token.kind != .needMoreInput {
            expectation = .colon
            consumeSeparator(UInt8(ascii: ":"))
        }
        return token
    }
}
