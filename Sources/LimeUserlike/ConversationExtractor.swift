import LimeJSON

/// Extracts the fields the Lime mapping needs (see ``Conversation``) from one Userlike webhook
/// payload, in a single forward pass: wanted values are copied out and decoded, everything else
/// is skipped without being built, but still validated against RFC 8259.
///
///     let extractor = ConversationExtractor()
///     let conversation = try extractor.extract(payloadBytes)
///     print(conversation.contact[.email].string ?? "no email", conversation.messages.count)
///
/// For exports of many conversations, use ``ExportReader``.
public struct ConversationExtractor: Sendable {
    /// Tokenizer limits (maximum nesting depth).
    public var options: JSONTokenizer.Options

    /// Creates an extractor.
    public init(options: JSONTokenizer.Options = JSONTokenizer.Options()) {
        self.options = options
    }

    /// Extracts the conversation from a complete payload.
    ///
    /// - Parameter bytes: one JSON object (surrounding whitespace allowed): `[UInt8]`, `Data`, an
    ///   `ArraySlice`, or any contiguous collection of bytes.
    /// - Returns: the conversation's fields.
    /// - Throws: ``ExtractionError/syntax(_:)`` for invalid JSON anywhere in the payload (also in
    ///   skipped parts), ``ExtractionError/notAnObject(found:)`` when the top-level value is not an object.
    public func extract<Bytes: Sequence>(_ bytes: Bytes) throws(ExtractionError) -> Conversation
    where Bytes.Element == UInt8 {
        let options = self.options
        return try JSONTokenizer.withTokenizer(over: bytes, options: options) {
            (tokenizer: inout JSONTokenizer) throws(ExtractionError) -> Conversation in
            try Self.extract(with: tokenizer).get()
        }
    }

    private static func extract(with tokenizer: JSONTokenizer) -> Result<Conversation, ExtractionError> {
        // The byte-by-byte tokenizer, not the structural index: on chat payloads (long strings,
        // dense non-ASCII text) `IndexedTokenizer` measured 0.77x of it (issue #16's notes).
        var run = ExtractionRun(tokenizer: tokenizer)
        do {
            let outcome = try run.run()
            // Only whitespace may follow the object.
            if case .pageResults = outcome {
                return .failure(.notAConversation("a page of conversations (use ExportReader)"))
            }
            do {
                _ = try run.tokenizer.next()
            } catch {
                return .failure(.syntax(error))
            }
            switch outcome {
            case .conversation(let conversation): return .success(conversation)
            case .notAnObject(let kind): return .failure(.notAnObject(found: kind.valueDescription))
            case .pageWithoutResults(let message): return .failure(.notAConversation(message))
            case .pageResults: return .failure(.notAConversation("a page of conversations (use ExportReader)"))
            }
        } catch {
            switch error {
            case .syntax(let error): return .failure(.syntax(error))
            case .needMoreInput, .input:
                // Unreachable with a final window and no input: the tokenizer reports the end as an
                // error.
                return .failure(
                    .syntax(
                        JSONError(
                            code: .unexpectedEndOfInput, message: "unexpected end of input",
                            at: run.tokenizer.endPosition)))
            }
        }
    }
}
