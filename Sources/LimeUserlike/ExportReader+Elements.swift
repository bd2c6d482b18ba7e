import LimeJSON

// MARK: - Elements: one conversation (or page, or skipped value) at the cursor

extension ExportReader {
    enum ElementContext { case sequence, array, page }

    /// Extracts the element at the cursor in one pass, moving the window on inside it when it is
    /// larger than what was read (``refill(_:keepingFrom:)``): a conversation of any size is read
    /// once, in a window of about ``Options/chunkSize`` plus its longest string.
    ///
    /// - Returns: the item, or nil when the element turned out to be a page whose conversations
    ///   come next.
    func element(in context: ElementContext) throws(ExportError) -> ExportItem? {
        let start = buffer.cursor
        let startOffset = buffer.baseOffset + start
        streamedElement = StreamedElement(start: startOffset)
        defer { streamedElement = nil }
        var run = ExtractionRun(
            tokenizer: buffer.tokenizer(from: start, options: options.tokenizer),
            byteCapacity: lastByteCount + lastByteCount / 4,
            messageCapacity: lastMessageCount + lastMessageCount / 4,
            input: self)
        let outcome: ExtractionOutcome
        do throws(ExtractionInterrupt) {
            outcome = try run.run()
        } catch {
            switch error {
            case .input(let error): throw error
            case .needMoreInput: preconditionFailure("an export reader's run always has its input")
            case .syntax(let error):
                return try skipBroken(at: start, error: error, tokenizer: run.tokenizer, context: context)
            }
        }
        // Where the element starts, for messages; worked out only when there is one to give.
        let streamedFrom = streamedElement?.location
        var location = streamedFrom ?? (line: 0, column: 0)
        if case .conversation = outcome {
            lastElement = (startOffset, lines, streamedFrom)
        } else if streamedFrom == nil {
            location = locate(start)
        }
        if let streamedFrom {
            lines.mergeStreamed(
                run.tokenizer.lineTracker, from: startOffset, startColumn: streamedFrom.column,
                windowStart: buffer.baseOffset)
        } else {
            lines.absorb(run.tokenizer)
        }
        buffer.cursor = run.tokenizer.offset - buffer.baseOffset
        switch context {
        case .sequence: phase = .sequence
        case .array: phase = .arraySeparator
        case .page: phase = .pageSeparator
        }
        switch outcome {
        case .conversation(let conversation):
            elementCount += 1
            lastByteCount = conversation.storage.bytes.count
            lastMessageCount = conversation.messages.count
            return .conversation(conversation, number: elementCount)
        case .notAnObject(let kind):
            elementCount += 1
            return .skipped(
                ExportIssue(
                    conversation: elementCount, line: location.line, column: location.column, offset: startOffset,
                    message: "expected an object, found \(kind.valueDescription)"))
        case .pageWithoutResults(let message):
            return .skipped(
                ExportIssue(
                    conversation: nil, line: location.line, column: location.column, offset: startOffset,
                    message: message))
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
    }

    /// A syntax error in the element that started at window index `start` (or before the window,
    /// when it was streamed): fatal in an array; in a sequence, reported, and the reader resumes
    /// at the next line that can start a value.
    func skipBroken(
        at start: Int, error: JSONError, tokenizer: JSONTokenizer, context: ElementContext
    ) throws(ExportError) -> ExportItem {
        elementCount += 1
        let located: JSONError
        if let streamed = streamedElement?.location {
            located = absolute(error, from: streamed)
        } else {
            located = absolute(error, elementStart: start)
        }
        if context == .array {
            phase = .finished
            throw .syntax(located, conversation: elementCount)
        }
        if let streamed = streamedElement, let startLocation = streamed.location {
            // The tokenizer counted the lines of the bytes dropped on the way, up to the error.
            lines.mergeStreamed(
                tokenizer.lineTracker, from: streamed.start, startColumn: startLocation.column,
                windowStart: buffer.baseOffset)
            try resynchronize(from: max(located.offset - buffer.baseOffset, 0), elementStart: nil)
        } else {
            try resynchronize(elementStart: start, error: located)
        }
        phase = .sequence
        return .skipped(
            ExportIssue(
                conversation: elementCount, line: located.line, column: located.column, offset: located.offset,
                message: located.message, syntaxError: located))
    }

    /// Skips (validating) from the cursor with a tokenizer in `context` until it says its value is
    /// complete, reading more input as needed; on success the cursor and the line count move past it.
    ///
    /// - Returns: nil on success, or the syntax error (the cursor stays where it was).
    func skipAtCursor(context: JSONTokenizer.Context) throws(ExportError) -> JSONError? {
        while true {
            let start = buffer.cursor
            var tokenizer = buffer.tokenizer(from: start, context: context, options: options.tokenizer)
            func skip() -> Result<(Int, JSONLineTracker), JSONError>? {
                do throws(JSONError) {
                    repeat {
                        if try tokenizer.skipValue().kind == .needMoreInput { return nil }
                    } while !tokenizer.isValueComplete
                    var counted = JSONLineTracker(start: buffer.baseOffset + start)
                    counted.absorb(tokenizer)
                    return .success((tokenizer.offset, counted))
                } catch {
                    return .failure(error)
                }
            }
            switch skip() {
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

// MARK: - Streaming inside an element

extension ExportReader: ExtractionInput {
    /// Moves the window on while an element is extracted: drops what the run no longer needs
    /// (counting its lines: the reader's own tracker for bytes before the element, the tokenizer's
    /// inside it), reads another chunk, and points the tokenizer at the new window.
    func refill(_ tokenizer: inout JSONTokenizer, keepingFrom offset: Int) throws(ExtractionInterrupt) {
        guard var element = streamedElement else { preconditionFailure("refill outside an element") }
        let base = buffer.baseOffset
        let start = element.start - base
        // Messages about the element need its start's line and column: work them out before the
        // window drops it, from the counts (reading the window back to the line's start would
        // cost a pass over a one-line array's every window).
        if element.location == nil {
            let counted = lines.countedLocation(of: element.start)
            assert(counted == locate(start), "counted location disagrees with the bytes")
            element.location = counted
        }
        // One byte more than the run needs: resynchronising after an error looks at the byte
        // before it.
        let keep = max(offset - 1 - base, 0)
        if keep > 0 {
            let beforeElement = min(start, keep)
            if beforeElement > 0 {
                buffer.withWindow(from: 0, to: beforeElement) { lines.discard($0, at: base, counted: true) }
            }
            if keep > max(start, 0) {
                buffer.withWindow(from: max(start, 0), to: keep) { tokenizer.noteDiscarded($0) }
            }
            buffer.discard(before: keep)
        }
        streamedElement = element
        do { try buffer.read(from: source, atLeast: options.chunkSize) } catch { throw .input(error) }
        // The tokenizer's window starts at the element or later, so that the bytes it is told were
        // dropped always start where its window does.
        let from = max(element.start - buffer.baseOffset, 0)
        buffer.resume(&tokenizer, from: from)
    }
}
