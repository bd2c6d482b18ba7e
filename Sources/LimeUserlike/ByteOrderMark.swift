/// The UTF-8 byte order mark, EF BB BF (U+FEFF), which Windows tools put at the start of text
/// files. RFC 8259 (section 8.1) forbids it in JSON text but lets a parser ignore one at the start;
/// the tokenizer rejects it (strict), and the export readers skip one at the very start of an input
/// (``ExportReader/Options/skipsByteOrderMark``). Only there: a mark anywhere else is an error.
public enum ByteOrderMark {
    /// The mark's bytes.
    public static let bytes: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// What the first bytes of an input say about a leading mark.
    public enum Match: Sendable, Equatable {
        /// The input begins with the whole mark.
        case mark
        /// It does not (a lone EF, or EF BB, is not a mark: the bytes are read as they are).
        case notMark
        /// The bytes so far are a proper prefix of the mark, and more may follow.
        case needMoreInput
    }

    /// Whether `bytes`, the first bytes of an input, begin with the mark (for the package's readers,
    /// which look at their window in place).
    ///
    /// - Parameter isFinal: no bytes follow `bytes` (a prefix of the mark is then not one).
    package static func match(atStartOf bytes: UnsafeBufferPointer<UInt8>, isFinal: Bool) -> Match {
        for index in 0..<Self.bytes.count {
            guard index < bytes.count else { return isFinal ? .notMark : .needMoreInput }
            if bytes[index] != Self.bytes[index] { return .notMark }
        }
        return .mark
    }

    /// ``match(atStartOf:isFinal:)`` for the first bytes of an input held in an array.
    public static func match(atStartOf bytes: [UInt8], isFinal: Bool) -> Match {
        bytes.withUnsafeBufferPointer { match(atStartOf: $0, isFinal: isFinal) }
    }
}
