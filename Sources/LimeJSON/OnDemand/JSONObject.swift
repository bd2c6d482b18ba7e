/// An object of a ``JSONDocument`` being read: its members one after another
/// (``nextField()``), or the value of a named one (``field(named:)-(StaticString)``).
///
/// Moving on skips whatever is left of the member handed out last (unread, or read halfway), by
/// the index's entries: the bytes of a skipped value are never looked at. See ``JSONDocument``
/// for the forward-only rules.
public struct JSONObject {
    @usableFromInline let container: JSONContainer

    @inlinable
    init(document: JSONDocument, depth: Int, start: Int) {
        container = JSONContainer(document: document, depth: depth, start: start)
    }

    @inlinable var document: JSONDocument { container.document }

    /// Byte offset of the object's `{`.
    @inlinable public var offset: Int { document.offset(container.start) }

    /// The next member, or nil after the last (the object is then closed).
    /// - Throws: ``JSONError/Code/outOfOrderAccess`` when the walk has left the object.
    @inlinable
    public func nextField() throws(JSONError) -> JSONField? {
        let document = self.document
        return try document.withBase { (base) throws(JSONError) -> JSONField? in
            guard let open = try advance(base) else { return nil }
            let close = document.closingQuote(of: open, base)
            let key = JSONKey(
                document: document, start: document.offset(open) &+ 1, end: document.offset(close),
                hasEscapes: close != open &+ 1)
            return JSONField(key: key, value: handOut(close &+ 2, base))
        }
    }

    /// The next member whose key is in `keys`, with the key's index there; the members between
    /// are skipped. Nil after the last.
    /// - Throws: ``JSONError/Code/outOfOrderAccess`` when the walk has left the object.
    @inlinable
    public func nextField(in keys: JSONKeySet) throws(JSONError) -> JSONWantedField? {
        let document = self.document
        return try document.withBase { (base) throws(JSONError) -> JSONWantedField? in
            while let open = try advance(base) {
                let close = document.closingQuote(of: open, base)
                let start = document.offset(open) &+ 1
                let raw = UnsafeBufferPointer(start: base + start, count: document.offset(close) &- start)
                let value = close &+ 2
                if let index = keys.index(of: raw, hasEscapes: close != open &+ 1, readable: document.count &- start) {
                    return JSONWantedField(key: index, value: handOut(value, base))
                }
                document.state.pointee.position = document.end(ofValueAt: value, base)
            }
            return nil
        }
    }

    /// The value of the member named `name` (compared on raw bytes; keys with escapes decoded).
    ///
    /// The search starts where the walk stands in the object and, when it reaches the end, goes
    /// round once from the first member (as simdjson's `find_field_unordered`): asking for
    /// members in the order they come costs one pass. With duplicate keys, the first one after
    /// the walk's position is found.
    /// - Returns: the value, or nil when no member has that name (the walk then stays where it was).
    /// - Throws: ``JSONError/Code/outOfOrderAccess`` when the walk has left the object.
    @inlinable
    public func field(named name: StaticString) throws(JSONError) -> JSONValue? {
        let found: Result<JSONValue?, JSONError> = name.withUTF8Buffer { buffer in
            do throws(JSONError) { return .success(try field(named: buffer)) } catch { return .failure(error) }
        }
        return try found.get()
    }

    /// The value of the member whose key's text is the UTF-8 bytes `name`; see
    /// ``field(named:)-(StaticString)``.
    @inlinable
    public func field(named name: [UInt8]) throws(JSONError) -> JSONValue? {
        try name.withUnsafeBufferPointer { (buffer) throws(JSONError) in try field(named: buffer) }
    }

    @inlinable
    func field(named name: UnsafeBufferPointer<UInt8>) throws(JSONError) -> JSONValue? {
        let document = self.document
        return try document.withBase { (base) throws(JSONError) -> JSONValue? in
            guard try container.settle(base, Self.closedMessage) else { return nil }
            let start = container.start
            let origin = document.state.pointee.position
            var entry = origin
            var wrapped = false
            while true {
                if wrapped && entry >= origin { break }
                let byte = document.byte(entry, base)
                if byte == UInt8(ascii: ",") {
                    entry &+= 1
                } else if byte == UInt8(ascii: "}") {
                    if wrapped || origin == start &+ 1 { break }
                    wrapped = true
                    entry = start &+ 1
                    continue
                }
                let close = document.closingQuote(of: entry, base)
                if document.key(open: entry, close: close, equals: name, base) {
                    return handOut(close &+ 2, base)
                }
                entry = document.end(ofValueAt: close &+ 2, base)
            }
            document.state.pointee.position = origin
            return nil
        }
    }

    /// Runs `body` on each remaining member in turn.
    /// - Throws: what `body` throws, or ``JSONError/Code/outOfOrderAccess``.
    @inlinable
    public func forEachField(_ body: (JSONField) throws(JSONError) -> Void) throws(JSONError) {
        while let field = try nextField() { try body(field) }
    }

    // MARK: - The walk

    @usableFromInline static let closedMessage = "this object was closed, or the walk has left it"

    /// Settles the walk in this object and takes a `,`: returns the entry of the next key's
    /// opening quote, or nil (taking the `}`) at the end.
    @inlinable @inline(__always)
    func advance(_ base: UnsafePointer<UInt8>) throws(JSONError) -> Int? {
        try container.advance(closing: UInt8(ascii: "}"), base, Self.closedMessage)
    }

    /// Hands out the value at entry `entry` (after a key's `:`).
    @inlinable @inline(__always)
    func handOut(_ entry: Int, _ base: UnsafePointer<UInt8>) -> JSONValue { container.handOut(entry, base) }
}
