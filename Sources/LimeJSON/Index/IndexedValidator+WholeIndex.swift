// MARK: - Validating over an index built in one piece (the On-Demand document's)

extension IndexedValidator {
    /// A validator over `positions`, which already hold the entries of all of `input` (indexed by
    /// `indexer` in one piece, from offset 0): it reads them and never indexes again.
    @inlinable
    init(
        _ input: UnsafeBufferPointer<UInt8>, base: UnsafePointer<UInt8>, options: JSONTokenizer.Options,
        indexer: StructuralIndexer, positions: StructuralPositions
    ) {
        self.input = input
        self.base = base
        self.options = options
        self.indexer = indexer
        self.positions = positions
    }

    /// Throws the error ``JSONTokenizer`` would throw for `bytes`, which `indexer` indexed whole
    /// into `positions` (not freed here: they belong to the caller).
    @inlinable
    static func validate(
        _ bytes: UnsafeBufferPointer<UInt8>, indexer: StructuralIndexer, positions: StructuralPositions,
        options: JSONTokenizer.Options
    ) throws(JSONError) {
        guard let base = try firstByte(of: bytes, options: options) else { return }
        var validator = IndexedValidator(bytes, base: base, options: options, indexer: indexer, positions: positions)
        try validator.run()
    }

    /// Validates `bytes` piece by piece, as ``validate(_:options:)``, and appends every piece's
    /// entries to `archive`: the whole index, each piece validated while it is in the caches.
    @inlinable
    static func validate(
        _ bytes: UnsafeBufferPointer<UInt8>, archivingInto archive: UnsafeMutablePointer<StructuralPositions>,
        options: JSONTokenizer.Options
    ) throws(JSONError) {
        guard let base = try firstByte(of: bytes, options: options) else { return }
        var validator = IndexedValidator(bytes, base: base, options: options)
        defer { validator.positions.deallocate() }
        validator.archive = archive
        try validator.run()
        // A hand-over that the tokenizer then accepted (a false alarm of stage 1) leaves pieces
        // not indexed yet: the index must still cover the whole text.
        while validator.refill() {}
    }
}
