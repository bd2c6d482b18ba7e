/// What ``JSONObject`` and ``JSONArray`` share: where the container stands in the walk, and the
/// steps of moving on inside it.
@usableFromInline
struct JSONContainer {
    @usableFromInline let document: JSONDocument
    /// The walk's depth inside the container.
    @usableFromInline let depth: Int
    /// The entry of its `{` or `[`.
    @usableFromInline let start: Int

    @inlinable
    init(document: JSONDocument, depth: Int, start: Int) {
        self.document = document
        self.depth = depth
        self.start = start
    }

    /// Checks that the walk is still inside the container and settles it there (skipping what is
    /// left of the value handed out last).
    ///
    /// - Returns: false when the container has just been closed (asking again after the end).
    /// - Throws: ``JSONError/Code/outOfOrderAccess`` when the walk has left it otherwise.
    @inlinable @inline(__always)
    func settle(_ base: UnsafePointer<UInt8>, _ closed: @autoclosure () -> String) throws(JSONError) -> Bool {
        guard document.isOpen(depth: depth, start: start) else {
            if document.isJustClosed(depth: depth, start: start) { return false }
            throw document.outOfOrder(atEntry: start, base, closed())
        }
        document.settle(atDepth: depth, base)
        return true
    }

    /// Settles the walk and takes a `,`: returns the entry of the next member or element, or nil
    /// (taking the closing `close`) at the end.
    @inlinable @inline(__always)
    func advance(closing close: UInt8, _ base: UnsafePointer<UInt8>, _ closed: @autoclosure () -> String)
        throws(JSONError) -> Int?
    {
        guard try settle(base, closed()) else { return nil }
        var position = document.state.pointee.position
        let byte = document.byte(position, base)
        if byte == UInt8(ascii: ",") {
            position &+= 1
        } else if byte == close {
            document.close(depth: depth, start: start)
            return nil
        }
        return position
    }

    /// Hands out the value at entry `entry` (an element, or a member's value after its `:`).
    @inlinable @inline(__always)
    func handOut(_ entry: Int, _ base: UnsafePointer<UInt8>) -> JSONValue {
        document.state.pointee.position = entry
        document.state.pointee.pending = entry
        return JSONValue(document: document, entry: entry, depth: depth, firstByte: document.byte(entry, base))
    }
}
