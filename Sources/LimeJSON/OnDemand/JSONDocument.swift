/// One complete JSON text, validated and indexed, read through forward-only cursors (after
/// simdjson's On-Demand API).
///
/// Creating a document runs stage 1 of the structural index over all of the bytes (the offsets of
/// every `{ } [ ] : ,`, both quotes of each string, each escape's backslash and the first byte of
/// each number or literal), then validates the whole text with a walk over those entries. A text
/// that ``JSONTokenizer`` rejects is rejected here with the very same ``JSONError`` (code,
/// message, offset, line, column), so no cursor ever reads a value out of invalid JSON. The
/// cursors then walk the entries without checking the grammar again: a value's bytes are read only
/// when it is asked for, and an unwanted value is skipped by counting brackets over its entries.
///
///     let document = try JSONDocument(bytes: Array(#"{"id": 7, "tags": ["a", "b"]}"#.utf8))
///     let root = try document.root().object()
///     let id = try root.field(named: "id")?.int64()          // 7
///     let tags = try root.field(named: "tags")?.array()
///     while let tag = try tags?.nextElement() { print(try tag.string()) }
///
/// ## The forward-only rules
///
/// There is one walk per document, and every cursor (``JSONValue``, ``JSONObject``,
/// ``JSONArray``) is a position in it:
///
/// - A value is read once. Its getters (``JSONValue/int64()``, ``JSONValue/string()``,
///   ``JSONValue/object()``...) consume it; asking again throws
///   ``JSONError/Code/outOfOrderAccess``. Its ``JSONValue/kind`` can be looked at any time.
/// - A parent may move on before its child is done: ``JSONObject/nextField()``,
///   ``JSONObject/field(named:)-(StaticString)`` and ``JSONArray/nextElement()`` first skip
///   what is left of the value they handed out last (unread, or an object or array read halfway).
///   The child cursor is then used up: any use of it throws ``JSONError/Code/outOfOrderAccess``.
/// - A cursor whose container has been closed, or that the walk has passed, throws
///   ``JSONError/Code/outOfOrderAccess``, never a wrong value. After ``JSONObject/nextField()``
///   or ``JSONArray/nextElement()`` returned `nil`, asking again returns `nil` as long as the walk
///   has not moved on.
///
/// Errors of reading (a value of another type, a number out of range, a cursor out of order) are
/// ``JSONError``s too, with the value's offset, line and column.
///
/// - Warning: A document made by ``withDocument(over:options:_:)`` borrows its bytes; using it,
///   or a cursor of it, after that call returned stops the program (it never reads freed memory).
public final class JSONDocument {
    /// The bytes, when the document owns them (empty when it borrows).
    @usableFromInline let storage: [UInt8]
    /// The borrowed bytes' address, or nil when the document owns its bytes.
    @usableFromInline let borrowedBase: UnsafePointer<UInt8>?
    /// The number of bytes.
    @usableFromInline let count: Int
    /// The structural index: `entries[0..<entryCount]` are offsets into the bytes.
    @usableFromInline let entries: UnsafeMutablePointer<UInt32>
    @usableFromInline let entryCount: Int
    /// The walk (see ``OnDemandState``).
    @usableFromInline let state: UnsafeMutablePointer<OnDemandState>
    /// For each open container, by depth (1-based), the entry of its `{` or `[`: what tells a live
    /// cursor from one whose container is closed.
    @usableFromInline let openStarts: UnsafeMutablePointer<Int>

    /// Validates and indexes `bytes`, which the document keeps (an array is not copied).
    ///
    /// - Parameters:
    ///   - bytes: one complete JSON text in UTF-8.
    ///   - options: limits (the deepest nesting accepted).
    /// - Throws: the ``JSONError`` that ``JSONTokenizer`` throws for `bytes`, if any;
    ///   ``JSONError/Code/documentTooLarge`` for 4 GiB or more.
    public convenience init(bytes: [UInt8], options: JSONTokenizer.Options = .init()) throws(JSONError) {
        let built = try bytes.withUnsafeBufferPointer { (buffer) throws(JSONError) in
            try Self.build(buffer, options: options)
        }
        self.init(storage: bytes, borrowedBase: nil, count: bytes.count, built: built, options: options)
    }

    /// Indexes `bytes` without validating them: for the benchmark that measures what validation
    /// up front costs, on input known to be valid. Cursors over invalid input may read out of
    /// bounds, so this is not public.
    package convenience init(unvalidatedBytes bytes: [UInt8]) {
        let built = bytes.withUnsafeBufferPointer { buffer in
            var indexer = StructuralIndexer()
            var positions = StructuralPositions(capacity: buffer.count &+ 64)
            indexer.index(buffer, baseOffset: 0, isFinal: true, into: &positions)
            return positions
        }
        self.init(storage: bytes, borrowedBase: nil, count: bytes.count, built: built, options: .init())
    }

    /// Runs `body` with a document over borrowed bytes, which are neither copied nor kept.
    ///
    /// - Parameters:
    ///   - bytes: one complete JSON text in UTF-8 (an array's, a slice's or any other span).
    ///   - options: limits (the deepest nesting accepted).
    ///   - body: reads the document; the document and its cursors must not be used after it returns.
    /// - Returns: what `body` returns.
    /// - Throws: the ``JSONError`` of validation (see ``init(bytes:options:)``), or what `body` throws.
    public static func withDocument<Result>(
        over bytes: Span<UInt8>, options: JSONTokenizer.Options = .init(),
        _ body: (JSONDocument) throws(JSONError) -> Result
    ) throws(JSONError) -> Result {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONError) -> Result in
            let built = try Self.build(buffer, options: options)
            let document = JSONDocument(
                storage: [], borrowedBase: buffer.baseAddress, count: buffer.count, built: built, options: options)
            defer { document.state.pointee.isOpen = false }
            return try body(document)
        }
    }

    @usableFromInline
    init(
        storage: [UInt8], borrowedBase: UnsafePointer<UInt8>?, count: Int, built: StructuralPositions,
        options: JSONTokenizer.Options
    ) {
        self.storage = storage
        self.borrowedBase = borrowedBase
        self.count = count
        entries = built.storage
        entryCount = built.count
        state = .allocate(capacity: 1)
        state.initialize(to: OnDemandState())
        // Slot `n` is written when a container opens at depth `n` and read only while it is open.
        openStarts = .allocate(capacity: options.maximumDepth &+ 2)
    }

    deinit {
        entries.deallocate()
        state.deallocate()
        openStarts.deallocate()
    }

    /// Stage 1 over all of `bytes` in one piece, then the validating walk over its entries.
    static func build(_ bytes: UnsafeBufferPointer<UInt8>, options: JSONTokenizer.Options) throws(JSONError)
        -> StructuralPositions
    {
        guard bytes.count < Int(UInt32.max) else {
            throw JSONError(
                code: .documentTooLarge, message: "a document of \(bytes.count) bytes is 4 GiB or more", offset: 0,
                line: 1, column: 1)
        }
        // Stage 1 and the validating walk take the text in pieces of 32 KiB (each piece's entries
        // are still in the caches when the walk reads them); the pieces' entries add up to the
        // document's index.
        var positions = StructuralPositions(capacity: bytes.count &+ 64)
        do {
            try withUnsafeMutablePointer(to: &positions) { (archive) throws(JSONError) in
                try IndexedValidator.validate(bytes, archivingInto: archive, options: options)
            }
        } catch {
            positions.deallocate()
            throw error
        }
        return positions
    }

    /// The top-level value. It is handed out once: a second call throws
    /// ``JSONError/Code/outOfOrderAccess`` once the walk has moved.
    public func root() throws(JSONError) -> JSONValue {
        try withBase { (base) throws(JSONError) in
            guard state.pointee.position == 0 && state.pointee.depth == 0 else {
                throw outOfOrder(atEntry: 0, base, "the root value was read already")
            }
            state.pointee.pending = 0
            return JSONValue(document: self, entry: 0, depth: 0, firstByte: byte(0, base))
        }
    }

    /// Runs `body` with the address of the bytes.
    @inlinable @inline(__always)
    func withBase<Result>(_ body: (UnsafePointer<UInt8>) throws(JSONError) -> Result) throws(JSONError) -> Result {
        if let borrowedBase {
            precondition(state.pointee.isOpen, "a JSONDocument used after withDocument(over:) returned")
            return try body(borrowedBase)
        }
        return try storage.withUnsafeBufferPointer { (buffer) throws(JSONError) in try body(buffer.baseAddress!) }
    }

    /// The same, for reads that cannot fail.
    @inlinable @inline(__always)
    func withBaseAddress<Result>(_ body: (UnsafePointer<UInt8>) -> Result) -> Result {
        if let borrowedBase {
            precondition(state.pointee.isOpen, "a JSONDocument used after withDocument(over:) returned")
            return body(borrowedBase)
        }
        return storage.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
