import LimeJSON

// MARK: - Members: a key's id and its value's first token in one tokenizer call

extension ExtractionRun {
    /// A member of the object being read: its key's id in a ``KeyTable`` (0 when not wanted) and
    /// its value's first token; `value.kind == .objectEnd` when the object ended instead.
    struct Member {
        var id: UInt8
        var value: JSONToken
    }

    /// Reads the next member of the object being read (``JSONTokenizer/nextMember()``), matching
    /// its key against `table`. The caller goes on from the value's first token: it captures it,
    /// enters it, or skips the rest of it (``skipRest(of:)``).
    @inline(__always)
    mutating func member(_ table: KeyTable) throws(ExtractionInterrupt) -> Member {
        let read: JSONMemberTokens
        do { read = try tokenizer.nextMember() } catch { throw .syntax(error) }
        if read.key.kind == .key && read.value.kind != .needMoreInput {
            return Member(id: keyID(read.key, table), value: read.value)
        }
        if read.key.kind == .objectEnd { return Member(id: 0, value: read.key) }
        return try memberAfterRefills(read, table)
    }

    /// Goes on with a member the window cut: before the key (the tokenizer then reads it again),
    /// or after it. The key is matched before any refill, which may drop its bytes.
    @inline(never)
    mutating func memberAfterRefills(_ first: JSONMemberTokens, _ table: KeyTable) throws(ExtractionInterrupt) -> Member
    {
        var read = first
        while read.key.kind == .needMoreInput {
            try refill()
            do { read = try tokenizer.nextMember() } catch { throw .syntax(error) }
        }
        guard read.key.kind == .key else { return Member(id: 0, value: read.key) }
        let id = keyID(read.key, table)
        var value = read.value
        while value.kind == .needMoreInput {
            try refill()
            do { value = try tokenizer.next() } catch { throw .syntax(error) }
        }
        return Member(id: id, value: value)
    }
}
