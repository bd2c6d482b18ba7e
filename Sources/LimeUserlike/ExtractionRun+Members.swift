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
        // Members of keys not wanted by their length alone are passed over in the tokenizer.
        do { read = try tokenizer.nextMember(wantedKeyLengths: table.wantedLengths) } catch { throw .syntax(error) }
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
            do { read = try tokenizer.nextMember(wantedKeyLengths: table.wantedLengths) } catch {
                throw .syntax(error)
            }
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

// MARK: - The one object walk

extension ExtractionRun {
    /// Reads the members of the object being read up to its `}`, with `Key`'s cases as the schema:
    /// a member whose key is not wanted is skipped (and validated), and `body` is called with
    /// each wanted one's case and its value's first token. `body` goes on from that token (it
    /// captures the value, follows it, or skips the rest of it) and returns whether to read on.
    ///
    /// - Returns: true at the object's `}`; false when `body` stopped the walk (the tokenizer then
    ///   stands where `body` left it).
    @inline(__always)
    @discardableResult
    mutating func walkMembers<Key: WantedKey>(
        _: Key.Type, _ body: (inout ExtractionRun, Key, JSONToken) throws(ExtractionInterrupt) -> Bool
    ) throws(ExtractionInterrupt) -> Bool {
        let table = Key.keyTable
        while true {
            let member = try member(table)
            // Most keys are not wanted: tested first, before the jump on the key (and the object's
            // end, which has id 0 too, only there).
            guard let key = Key(keyID: member.id) else {
                if member.value.kind == .objectEnd { return true }
                try skipRest(of: member.value)
                continue
            }
            guard try body(&self, key, member.value) else { return false }
        }
    }

    /// Given a value's first token: when it opens an object, ``walkMembers(_:_:)`` over it, and
    /// true; any other value is skipped whole, validated, and false returned.
    @inline(__always)
    @discardableResult
    mutating func walkObject<Key: WantedKey>(
        _ first: JSONToken, _ keys: Key.Type,
        _ body: (inout ExtractionRun, Key, JSONToken) throws(ExtractionInterrupt) -> Void
    ) throws(ExtractionInterrupt) -> Bool {
        guard try enters(.objectStart, first) else { return false }
        try walkMembers(keys) { (run, key, value) throws(ExtractionInterrupt) -> Bool in
            try body(&run, key, value)
            return true
        }
        return true
    }
}
