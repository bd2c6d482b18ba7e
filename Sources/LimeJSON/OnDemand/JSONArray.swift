/// An array of a ``JSONDocument`` being read: its elements one after another
/// (``nextElement()``).
///
/// Moving on skips whatever is left of the element handed out last (unread, or read halfway), by
/// the index's entries. See ``JSONDocument`` for the forward-only rules.
public struct JSONArray {
    @usableFromInline let document: JSONDocument
    /// The walk's depth inside this array.
    @usableFromInline let depth: Int
    /// The entry of its `[`.
    @usableFromInline let start: Int

    @inlinable
    init(document: JSONDocument, depth: Int, start: Int) {
        self.document = document
        self.depth = depth
        self.start = start
    }

    /// Byte offset of the array's `[`.
    @inlinable public var offset: Int { document.offset(start) }

    /// The next element, or nil after the last (the array is then closed).
    /// - Throws: ``JSONError/Code/outOfOrderAccess`` when the walk has left the array.
    @inlinable
    public func nextElement() throws(JSONError) -> JSONValue? {
        let document = self.document
        return try document.withBase { (base) throws(JSONError) -> JSONValue? in
            guard document.isOpen(depth: depth, start: start) else {
                if document.isJustClosed(depth: depth, start: start) { return nil }
                throw document.outOfOrder(atEntry: start, base, "this array was closed, or the walk has left it")
            }
            document.settle(atDepth: depth, base)
            var position = document.state.pointee.position
            let byte = document.byte(position, base)
            if byte == UInt8(ascii: "]") {
                document.close(depth: depth, start: start)
                return nil
            }
            if byte == UInt8(ascii: ",") { position &+= 1 }
            document.state.pointee.position = position
            document.state.pointee.pending = position
            return JSONValue(
                document: document, entry: position, depth: depth, firstByte: document.byte(position, base))
        }
    }

    /// Runs `body` on each remaining element in turn.
    /// - Throws: what `body` throws, or ``JSONError/Code/outOfOrderAccess``.
    @inlinable
    public func forEachElement(_ body: (JSONValue) throws(JSONError) -> Void) throws(JSONError) {
        while let element = try nextElement() { try body(element) }
    }
}
