// MARK: - A safe entry point over a window of a larger input

extension JSONTokenizer {
    /// Runs `body` with a tokenizer over `bytes`, a window of a larger input that need not be
    /// complete yet, without copying them: what a reader that keeps its own window (one text of a
    /// sequence at a time) needs, without handling a pointer itself.
    ///
    /// - Parameters:
    ///   - bytes: the window; it starts where a value may stand.
    ///   - baseOffset: the absolute offset of the window's first byte in the whole input (for token
    ///     ranges and error offsets); line and column still count from that byte as line 1, column 1.
    ///   - isFinal: `true` when the input ends with the window; `false` when more may follow (a
    ///     token cut by the window's end is then `.needMoreInput`).
    ///   - options: limits.
    ///   - body: works with the tokenizer; must not let it escape.
    /// - Returns: what `body` returns.
    @inlinable
    public static func withTokenizer<Result, Failure: Error>(
        over bytes: ArraySlice<UInt8>, baseOffset: Int, isFinal: Bool, options: Options = Options(),
        _ body: (inout JSONTokenizer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let outcome: Swift.Result<Result, Failure> = bytes.withUnsafeBufferPointer { buffer in
            var tokenizer = JSONTokenizer(
                unsafeBytes: buffer, baseOffset: baseOffset, isFinal: isFinal, options: options)
            do throws(Failure) {
                return .success(try body(&tokenizer))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }
}
