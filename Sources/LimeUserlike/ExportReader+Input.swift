import LimeJSON

extension ExportReader {
    // MARK: - Positions

    /// Line and column of window index `index` (no line feed may lie between the last one counted
    /// and `index`).
    func locate(_ index: Int) -> (line: Int, column: Int) {
        buffer.withWindow(from: 0, to: buffer.count) { window in
            lines.location(of: index, in: window, baseOffset: buffer.baseOffset)
        }
    }

    /// A tokenizer error, whose line and column count from the element's start, made absolute.
    func absolute(_ error: JSONError, elementStart: Int) -> JSONError {
        absolute(error, from: locate(elementStart))
    }

    /// A tokenizer error, whose line and column count from a start at `start`, made absolute.
    func absolute(_ error: JSONError, from start: (line: Int, column: Int)) -> JSONError {
        var located = error
        (located.line, located.column) = JSONLineTracker.rebase(line: error.line, column: error.column, onto: start)
        return located
    }

    func fatal(_ message: String, code: JSONError.Code) -> ExportError {
        let location = locate(buffer.cursor)
        phase = .finished
        let error = JSONError(
            code: code, message: message, offset: buffer.baseOffset + buffer.cursor, line: location.line,
            column: location.column)
        return .syntax(error, conversation: nil)
    }

    // MARK: - Buffer management

    /// At the very start of the input: moves the cursor past a byte order mark, reading until
    /// there are enough bytes to tell. Line 1 then starts after it, so columns do not count it.
    func skipByteOrderMark() throws(ExportError) {
        while true {
            let match = buffer.withWindow { window, _ in ByteOrderMark.match(atStartOf: window, isFinal: buffer.isAtEnd)
            }
            switch match {
            case .mark:
                buffer.cursor += ByteOrderMark.bytes.count
                lines = JSONLineTracker(start: buffer.baseOffset + buffer.cursor)
                return
            case .notMark:
                return
            case .needMoreInput:
                try fill(keepingFrom: buffer.cursor, atLeast: options.chunkSize)
            }
        }
    }

    /// Skips whitespace and returns the byte at the cursor without consuming it; nil at the end.
    func nextNonWhitespace() throws(ExportError) -> UInt8? {
        while true {
            if let byte = buffer.skipWhitespace(lines: &lines) { return byte }
            if buffer.isAtEnd { return nil }
            try fill(keepingFrom: buffer.cursor, atLeast: options.chunkSize)
        }
    }

    /// Drops bytes before window index `keep` (counting their lines first) and reads at least
    /// `atLeast` more bytes, or up to the end of the input.
    ///
    /// `counted`: every byte before `keep` went through tokenizers whose counts `lines` took over
    /// (false while resynchronising after an error, which skips bytes unread).
    func fill(keepingFrom keep: Int, atLeast: Int, counted: Bool = true) throws(ExportError) {
        if keep > 0 {
            let base = buffer.baseOffset
            buffer.withWindow(from: 0, to: keep) { lines.discard($0, at: base, counted: counted) }
            buffer.discard(before: keep)
        }
        try buffer.read(from: source, atLeast: atLeast)
    }

    /// After a syntax error in a sequence: moves the cursor to the first line, at or after the
    /// error, that begins in its first column with a byte that can start a JSON value, or to the
    /// end. A line that starts before the error is not taken (it would fail again): the broken
    /// element most likely runs into it.
    func resynchronize(elementStart start: Int, error: JSONError) throws(ExportError) {
        let errorIndex = max(error.offset - buffer.baseOffset, start)
        // Count the line feeds the failed element spanned, up to the error.
        var index = start
        while index < errorIndex {
            if buffer[index] == 0x0A { lines.lineFeed(at: buffer.baseOffset + index) }
            index += 1
        }
        try resynchronize(from: errorIndex, elementStart: start)
    }

    /// Resynchronises from window index `errorIndex`, every line feed before it counted.
    ///
    /// - Parameter start: the window index of the broken element's start; nil when it lies before
    ///   the window (a streamed element), where the error cannot stand at the element's start.
    func resynchronize(from errorIndex: Int, elementStart start: Int?) throws(ExportError) {
        var index = errorIndex
        let atLineStart = index > (start ?? 0) && buffer[index - 1] == 0x0A
        if atLineStart && index < buffer.count && JSONByte.startsValue(buffer[index]) {
            buffer.cursor = index
            return
        }
        while true {
            // Find the next line feed, then look at the byte after it.
            while index < buffer.count && buffer[index] != 0x0A { index += 1 }
            if index + 1 < buffer.count {
                lines.lineFeed(at: buffer.baseOffset + index)
                index += 1
                if JSONByte.startsValue(buffer[index]) {
                    buffer.cursor = index
                    return
                }
                continue
            }
            if buffer.isAtEnd {
                if index < buffer.count && buffer[index] == 0x0A { lines.lineFeed(at: buffer.baseOffset + index) }
                buffer.cursor = buffer.count
                return
            }
            // Keep from the current byte on (a line feed not yet counted, or the end), read more.
            let keep = index
            try fill(keepingFrom: keep, atLeast: options.chunkSize, counted: false)
            index -= keep
        }
    }
}
