/// An array of a ``JSONDocument`` being read: its elements one after another
/// (``nextElement()``).
///
/// Moving on skips whatever is left of the element handed out last (unread, or read halfway), by
/// the index's entries. See ``JSONDocument`` for the forward-only rules.
public struct JSONArray {
    @usableFromInline let container: JSONContainer

    @inlinable
    init(document: JSONDocument, depth: Int, start: Int) {
        container = JSONContainer(document: document, depth: depth, start: start)
    }

    /// Byte offset of the array's `[`.
    @inlinable public var offset: Int { container.document.offset(container.start) }

    /// The next element, or nil after the last (the array is then closed).
    /// - Throws: ``JSONError/Code/outOfOrderAccess`` when the walk has left the array.
    @inlinable
    public func nextElement() throws(JSONError) -> JSONValue? {
        let container = self.container
        return try container.document.withBase { (base) throws(JSONError) -> JSONValue? in
            guard
                let entry = try container.advance(
                    closing: UInt8(ascii: "]"), base, "this array was closed, or the walk has left it")
            else { return nil }
            return container.handOut(entry, base)
        }
    }

    /// Runs `body` on each remaining element in turn.
    /// - Throws: what `body` throws, or ``JSONError/Code/outOfOrderAccess``.
    @inlinable
    public func forEachElement(_ body: (JSONValue) throws(JSONError) -> Void) throws(JSONError) {
        while let element = try nextElement() { try body(element) }
    }
}
