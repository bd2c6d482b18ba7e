/// Checks that bytes are exactly one JSON text, using the structural index (stage 1 of the
/// indexed reader) and a walk over it.
///
/// The answer is always the one ``JSONTokenizer`` gives for the same bytes, error for error
/// (code, message, offset, line, column): whenever the fast walk finds anything wrong it lets
/// the tokenizer read on from the last good token and report.
public enum JSONValidator {
    /// Throws the first ``JSONError`` in `bytes`, or returns when they hold exactly one JSON text
    /// (surrounded by whitespace at most).
    public static func validate(_ bytes: [UInt8], options: JSONTokenizer.Options = .init()) throws(JSONError) {
        let outcome: Result<Void, JSONError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONError) {
                try IndexedValidator.validate(buffer, options: options)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try outcome.get()
    }

    /// The same over borrowed bytes, which must stay valid for the call.
    public static func validate(unsafeBytes bytes: UnsafeBufferPointer<UInt8>, options: JSONTokenizer.Options = .init())
        throws(JSONError)
    {
        try IndexedValidator.validate(bytes, options: options)
    }
}
