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
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            var tokenizer = JSONTokenizer(unsafeBytes: bytes, options: options)
            _ = try tokenizer.next()
            return
        }
        var validator = IndexedValidator(bytes, base: base, options: options, indexer: indexer, positions: positions)
        try validator.run()
    }
}
