import LimeJSON

// MARK: - Elements: one conversation (or page, or skipped value) at the cursor

extension ExportReader {
    enum ElementContext { case sequence, array, page }

    /// Extracts the element at the cursor, reading more input until it is complete.
    ///
    /// - Returns: the item, or nil when the element turned out to be a page whose conversations
    ///   come next.
    func element(in context: ElementContext) throws(ExportError) -> ExportItem? {
        while true {
            let start = buffer.cursor
            let outcome: Result<(ExtractionOutcome, Int, JSONLineTracker), ExtractionInterrupt> = buffer.withWindow {
                window, base in
                var run = ExtractionRun(
                    tokenizer: JSONTokenizer(
                        unsafeBytes: window, baseOffset: base, isFinal: buffer.isAtEnd, options: options.tokenizer),
                    byteCapacity: lastByteCount + lastByteCount / 4,
                    messageCapacity: lastMessageCount + lastMessageCount / 4)
                do throws(ExtractionInterrupt) {
                    let outcome = try run.run()
                    var counted = JSONLineTracker(start: base)
                    counted.absorb(run.tokenizer)
                    return .success((outcome, run.tokenizer.offset, counted))
                } catch {
                    return .failure(error)
                }
            }
            switch outcome {
            case .success((let result, let end, let elementLines)):
                // Where the element starts, for messages; worked out only when there is one to give.
                var location = (line: 0, column: 0)
                if case .conversation = result {
                    lastElement = (buffer.baseOffset + start, lines)
                } else {
                    location = locate(start)
                }
                lines.merge(elementLines)
                buffer.cursor = end - buffer.baseOffset
                switch context {
                case .sequence: phase = .sequence
                case .array: phase = .arraySeparator
                case .page: phase = .pageSeparator
                }
                switch result {
                case .conversation(let conversation):
                    elementCount += 1
                    lastByteCount = conversation.storage.bytes.count
                    lastMessageCount = conversation.messages.count
                    return .conversation(conversation, number: elementCount)
                case .notAnObject(let kind):
                    elementCount += 1
                    return .skipped(
                        ExportIssue(
                            conversation: elementCount, line: location.line, column: location.column,
                            offset: buffer.baseOffset + start,
                            message: "expected an object, found \(kind.valueDescription)"))
                case .pageWithoutResults(let message):
                    return .skipped(
                        ExportIssue(
                            conversation: nil, line: location.line, column: location.column,
                            offset: buffer.baseOffset + start, message: message))
                case .pageResults:
                    // The reader goes on inside the page: its conversations, then the rest of it.
                    guard context == .sequence else {
                        elementCount += 1
                        phase = context == .array ? .arraySeparator : .pageSeparator
                        return try skipNestedPage(start: start, location: location)
                    }
                    phase = .pageElement(afterComma: false)
                    return nil
                }
            case .failure(.needMoreInput):
                // Grow fast so a huge element is rescanned only a few times.
                try fill(keepingFrom: start, atLeast: max(options.chunkSize, (buffer.count - start) * 7))
            case .failure(.syntax(let error)):
                elementCount += 1
                let located = absolute(error, elementStart: start)
                if context == .array {
                    phase = .finished
                    throw .syntax(located, conversation: elementCount)
                }
                try resynchronize(elementStart: start, error: located)
                phase = .sequence
                return .skipped(
                    ExportIssue(
                        conversation: elementCount, line: located.line, column: located.column, offset: located.offset,
                        message: located.message, syntaxError: located))
            }
        }
    }

    /// Skips (validating) from the cursor with a tokenizer in `context` until it says its value is
    /// complete, reading more input as needed; on success the cursor and the line count move past it.
    ///
    /// - Returns: nil on success, or the syntax error (the cursor stays where it was).
    func skipAtCursor(context: JSONTokenizer.Context) throws(ExportError) -> JSONError? {
        while true {
            let start = buffer.cursor
            let result: Result<(Int, JSONLineTracker), JSONError>? = buffer.withWindow { window, base in
                var tokenizer = JSONTokenizer(
                    unsafeBytes: window, baseOffset: base, isFinal: buffer.isAtEnd, context: context,
                    options: options.tokenizer)
                do throws(JSONError) {
                    repeat {
                        if try tokenizer.skipValue().kind == .needMoreInput { return nil }
                    } while !tokenizer.isValueComplete
                    var counted = JSONLineTracker(start: base)
                    counted.absorb(tokenizer)
                    return .success((tokenizer.offset, counted))
                } catch {
                    return .failure(error)
                }
            }
            switch result {
            case nil:
                try fill(keepingFrom: start, atLeast: max(options.chunkSize, (buffer.count - start) * 7))
            case .success((let end, let skippedLines)):
                lines.merge(skippedLines)
                buffer.cursor = end - buffer.baseOffset
                return nil
            case .failure(let error):
                return error
            }
        }
    }

    /// A page inside an array or inside another page is not a conversation: skip all of it,
    /// validated, and report it.
    func skipNestedPage(start: Int, location: (line: Int, column: Int)) throws(ExportError) -> ExportItem {
        buffer.cursor = start
        if let error = try skipAtCursor(context: .value) {
            throw .syntax(absolute(error, elementStart: buffer.cursor), conversation: elementCount)
        }
        return .skipped(
            ExportIssue(
                conversation: elementCount, line: location.line, column: location.column,
                offset: buffer.baseOffset + start, message: "expected a conversation, found a page of conversations"))
    }

    /// After a page's `results` array: the page's remaining members, validated and ignored, up to
    /// its closing `}`.
    func pageTail() throws(ExportError) -> ExportItem? {
        phase = .sequence
        guard let error = try skipAtCursor(context: .objectAfterMember) else { return nil }
        let start = buffer.cursor
        let located = absolute(error, elementStart: start)
        try resynchronize(elementStart: start, error: located)
        return .skipped(
            ExportIssue(
                conversation: nil, line: located.line, column: located.column, offset: located.offset,
                message: "page: " + located.message, syntaxError: located))
    }

    /// A syntax error in the structure around the conversations: fatal in an array; in a page,
    /// reported, and the reader resumes as after any error in a sequence.
    func structureError(_ message: String, code: JSONError.Code, inPage: Bool) throws(ExportError) -> ExportItem? {
        guard inPage else { throw fatal(message, code: code) }
        let location = locate(buffer.cursor)
        let error = JSONError(
            code: code, message: message, offset: buffer.baseOffset + buffer.cursor, line: location.line,
            column: location.column)
        try resynchronize(elementStart: buffer.cursor, error: error)
        phase = .sequence
        return .skipped(
            ExportIssue(
                conversation: nil, line: error.line, column: error.column, offset: error.offset,
                message: "page: " + message, syntaxError: error))
    }
}
