/// One member of an object as ``JSONTokenizer/nextMember()`` reads it: the key, and the first token
/// of its value.
///
/// Reading both in one call saves the second trip through ``JSONTokenizer/next()`` that a key-dense
/// object (a chat message: some thirty short members) otherwise pays per member.
public struct JSONMemberTokens: Sendable, Equatable {
    /// The `.key` token; or, when no member follows, what ``JSONTokenizer/next()`` returned instead
    /// (`.objectEnd`, or `.needMoreInput` when the window ends before the key does).
    public var key: JSONToken
    /// The first token of the value (for an object or array, its `.objectStart` or `.arrayStart`);
    /// `.needMoreInput` when the window ends before it, after the key was read: the next
    /// ``JSONTokenizer/next()`` call, with more input, reads the value. Equal to ``key`` when `key`
    /// is not a `.key` token.
    public var value: JSONToken

    /// Creates a member.
    @inlinable
    public init(key: JSONToken, value: JSONToken) {
        self.key = key
        self.value = value
    }
}
