import LimeJSON

/// The shapes of export that ``ExportReader`` detects from the bytes.
public enum ExportForm: String, Sendable, Equatable {
    /// Conversation objects (or one alone) separated by whitespace: NDJSON, pretty-printed objects
    /// one after another, or a single webhook payload. Pages of Userlike's API v3
    /// (`{"results": [...], "next": ...}`) may stand among them, alone or piped one after another:
    /// their conversations are read in order, in memory bounded by the largest conversation.
    case sequence
    /// One JSON array of conversation objects.
    case array
}

/// One result of reading an export: a conversation, or one that was reported and skipped.
public enum ExportItem: Sendable {
    /// A conversation, with its 1-based number in the export.
    case conversation(Conversation, number: Int)
    /// An element that is not a conversation, or a syntax error the reader resumed after.
    case skipped(ExportIssue)
}

/// Streams the conversations of an export (a JSON array, a whitespace-separated sequence such as
/// NDJSON, or a single payload), one at a time and in order, in memory bounded by the largest
/// single conversation, never by the export's size.
///
///     let reader = try ExportReader(path: "export.ndjson")
///     while let item = try reader.next() {
///         switch item {
///         case .conversation(let conversation, _): print(conversation.id.text ?? "?")
///         case .skipped(let issue): print("skipped", issue)
///         }
///     }
///
/// Error rules: an element that is valid JSON but not an object is reported
/// (``ExportItem/skipped(_:)``) and skipped. In a sequence, a syntax error is reported with its
/// line and the reader resumes at the next line that begins, in its first column, with a byte
/// that can start a JSON value. In an array a syntax error is fatal: ``next()`` throws after
/// everything before it was handed out. All of the input is validated, also what is skipped.
public final class ExportReader {
    /// Reading options.
    public struct Options: Sendable {
        /// Bytes per read from the source (default 1 MiB).
        public var chunkSize: Int
        /// Tokenizer limits.
        public var tokenizer: JSONTokenizer.Options
        /// The number of the first conversation, so that several files read one after another
        /// number their conversations as one stream (default 1).
        public var firstConversationNumber: Int
        /// Skip one UTF-8 byte order mark (``ByteOrderMark``) at the very start of the input, as
        /// RFC 8259 (section 8.1) allows and Windows exports need (default true). Positions stay
        /// those of the file: offsets count the mark's three bytes, and columns do not count it
        /// (a user does not see it), so the byte after it is line 1, column 1. A mark anywhere
        /// else, or a leading one when false, is a syntax error as any other stray byte.
        public var skipsByteOrderMark: Bool
        /// Creates options.
        public init(
            chunkSize: Int = 1 << 20, tokenizer: JSONTokenizer.Options = JSONTokenizer.Options(),
            firstConversationNumber: Int = 1, skipsByteOrderMark: Bool = true
        ) {
            self.chunkSize = max(1, chunkSize)
            self.tokenizer = tokenizer
            self.firstConversationNumber = firstConversationNumber
            self.skipsByteOrderMark = skipsByteOrderMark
        }
    }

    private enum Phase {
        case start
        case sequence
        /// In the array: before the first element or after a `,`; `afterComma` forbids `]`.
        case arrayElement(afterComma: Bool)
        /// In the array, after an element: `,` or `]`.
        case arraySeparator
        /// After the array's `]`: only whitespace may follow.
        case afterArray
        /// In a page's `results` array, as in an array.
        case pageElement(afterComma: Bool)
        case pageSeparator
        /// After a page's `results` array: the page's other members, then its `}`.
        case pageTail
        case finished

        var isInPage: Bool {
            switch self {
            case .pageElement, .pageSeparator, .pageTail: return true
            default: return false
            }
        }
    }

    private let source: ByteSource
    private let options: Options
    private var buffer: ReadBuffer
    private var phase = Phase.start
    private var lines = JSONLineTracker(start: 0)
    private var elementCount = 0
    /// Sizes of the last conversation, to reserve the next one's storage in one go.
    private var lastByteCount = 0
    private var lastMessageCount = 0
    /// The detected form, once the first byte has been seen.
    public private(set) var form: ExportForm?

    /// Creates a reader over a source.
    public init(source: ByteSource, options: Options = Options()) {
        self.source = source
        self.options = options
        elementCount = options.firstConversationNumber - 1
        buffer = ReadBuffer(capacity: max(options.chunkSize * 2, 64))
    }

    /// Where a reader starts that takes over in the middle of an export (parallel extraction
    /// hands pieces of an export to readers of their own).
    struct StartPoint {
        /// The export's form, already detected.
        var form: ExportForm
        /// Absolute offset of the source's first byte.
        var offset: Int
        /// Line and column of that byte.
        var line: Int
        var column: Int
        /// For a piece of a JSON array: it starts right after a `,` (not after the `[`).
        var startsAfterComma: Bool
        /// For a piece of a JSON array that is not its last: the source ends right after a `,`
        /// between elements, and that end is clean.
        var endsAfterComma: Bool
    }

    private var endsAfterComma = false

    /// Creates a reader over a buffer that holds a whole piece (``ReadBuffer/split(at:capacity:)``). The
    /// reader only reads it: with all input there, it never discards or refills.
    convenience init(piece: ReadBuffer, options: Options, start: StartPoint) {
        self.init(source: ChunkByteSource([[UInt8]]().makeIterator()), options: options, start: start)
        buffer = piece
        buffer.rebase(to: start.offset)
    }

    /// Creates a reader that starts inside an export: between elements of a sequence, or of an
    /// array (after its `[` or a `,`).
    convenience init(source: ByteSource, options: Options, start: StartPoint) {
        self.init(source: source, options: options)
        form = start.form
        phase = start.form == .array ? .arrayElement(afterComma: start.startsAfterComma) : .sequence
        lines = JSONLineTracker(start: start.offset, line: start.line, column: start.column)
        buffer = ReadBuffer(capacity: max(options.chunkSize * 2, 64), baseOffset: start.offset)
        endsAfterComma = start.endsAfterComma
    }

    /// Line feeds read so far, and the Unicode scalars after the last one: how far the reader
    /// moved the line and column.
    var linesRead: JSONLineTracker { lines }

    /// An input already in memory, which the window borrows instead of copying it in.
    private var borrowed: [UInt8]?

    /// Creates a reader over an export that is in memory already: the reader works on `bytes`
    /// themselves (it keeps the array alive and reads it without copying; conversations it hands
    /// out own copies of their fields). The same results as over any other source.
    ///
    /// - Parameter name: a name for messages.
    public convenience init(bytes: [UInt8], name: String = "-", options: Options = Options()) {
        self.init(source: ChunkByteSource([[UInt8]]().makeIterator(), name: name), options: options)
        borrowed = bytes
        buffer = ReadBuffer(borrowing: bytes.count)
    }

    /// Creates a reader over a file; `-` reads standard input.
    ///
    /// - Throws: ``ExportError/io(_:)`` when the file cannot be opened.
    public convenience init(path: String, options: Options = Options()) throws(ExportError) {
        self.init(source: try FileByteSource(path: path), options: options)
    }

    /// The name of the source, for messages.
    public var sourceName: String { source.name }

    /// The bytes the reader's window holds room for (for tests of bounded memory).
    var bufferCapacity: Int { buffer.capacity }

    /// Where the last element handed out started, and the line count before it.
    private var lastElement = (start: 0, lines: JSONLineTracker(start: 0))

    /// An issue about the conversation ``next()`` just handed out (a later layer could not use
    /// it), with that conversation's number and position.
    public func issueForLastConversation(_ message: String) -> ExportIssue {
        let (start, tracker) = lastElement
        let location = withInput { () -> (line: Int, column: Int) in
            buffer.withWindow(from: 0, to: buffer.count) { window in
                tracker.location(of: start - buffer.baseOffset, in: window, baseOffset: buffer.baseOffset)
            }
        }
        return ExportIssue(conversation: elementCount, line: location.line, column: location.column, offset: start, message: message)
    }

    /// The number of the last conversation handed out or skipped so far.
    public var lastConversationNumber: Int { elementCount }

    // MARK: - Reading

    /// The next conversation or skipped element, in input order; `nil` at the end of the export.
    ///
    /// - Throws: ``ExportError`` for I/O errors and syntax errors the reader cannot resume after.
    public func next() throws(ExportError) -> ExportItem? {
        try withInput { () throws(ExportError) -> ExportItem? in try nextItem() }
    }

    /// Runs `body` with the input's memory attached to the window, when the reader borrows an
    /// input in memory (``init(bytes:name:options:)``); the memory is only used inside `body`.
    private func withInput<R>(_ body: () throws(ExportError) -> R) throws(ExportError) -> R {
        guard let borrowed else { return try body() }
        let result: Result<R, ExportError> = borrowed.withUnsafeBufferPointer { input in
            if let base = input.baseAddress { buffer.attach(base) }
            do throws(ExportError) { return .success(try body()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private func withInput<R>(_ body: () -> R) -> R {
        guard let borrowed else { return body() }
        return borrowed.withUnsafeBufferPointer { input in
            if let base = input.baseAddress { buffer.attach(base) }
            return body()
        }
    }

    private func nextItem() throws(ExportError) -> ExportItem? {
        while true {
            switch phase {
            case .finished:
                return nil
            case .start:
                if options.skipsByteOrderMark { try skipByteOrderMark() }
                guard let byte = try nextNonWhitespace() else {
                    phase = .finished
                    return nil
                }
                if byte == UInt8(ascii: "[") {
                    form = .array
                    buffer.cursor += 1
                    phase = .arrayElement(afterComma: false)
                } else {
                    form = .sequence
                    phase = .sequence
                }
            case .sequence:
                guard try nextNonWhitespace() != nil else {
                    phase = .finished
                    return nil
                }
                if let item = try element(in: .sequence) { return item }
            case .arrayElement(let afterComma), .pageElement(let afterComma):
                let inPage = phase.isInPage
                guard let byte = try nextNonWhitespace() else {
                    if endsAfterComma && !inPage && afterComma {
                        phase = .finished
                        return nil
                    }
                    return try structureError(
                        afterComma ? "unexpected end of input, expected a value" : "unexpected end of input, expected a value or ']'",
                        code: .unexpectedEndOfInput, inPage: inPage)
                }
                if byte == UInt8(ascii: "]") {
                    if afterComma {
                        return try structureError(
                            "expected a value after ',', found ']' (trailing comma)", code: .expectedValue, inPage: inPage)
                    }
                    buffer.cursor += 1
                    phase = inPage ? .pageTail : .afterArray
                    continue
                }
                if let item = try element(in: inPage ? .page : .array) { return item }
            case .arraySeparator, .pageSeparator:
                let inPage = phase.isInPage
                guard let byte = try nextNonWhitespace() else {
                    return try structureError("unexpected end of input, expected ',' or ']'", code: .unexpectedEndOfInput, inPage: inPage)
                }
                if byte == UInt8(ascii: ",") {
                    buffer.cursor += 1
                    phase = inPage ? .pageElement(afterComma: true) : .arrayElement(afterComma: true)
                } else if byte == UInt8(ascii: "]") {
                    buffer.cursor += 1
                    phase = inPage ? .pageTail : .afterArray
                } else {
                    return try structureError(
                        "expected ',' or ']' after array element, found \(describe(byte))", code: .expectedCommaOrClose,
                        inPage: inPage)
                }
            case .pageTail:
                if let item = try pageTail() { return item }
            case .afterArray:
                if let byte = try nextNonWhitespace() {
                    throw fatal("unexpected \(describe(byte)) after the array of conversations", code: .trailingCharacters)
                }
                phase = .finished
                return nil
            }
        }
    }

    private enum ElementContext { case sequence, array, page }

    /// Extracts the element at the cursor, reading more input until it is complete.
    ///
    /// - Returns: the item, or nil when the element turned out to be a page whose conversations
    ///   come next.
    private func element(in context: ElementContext) throws(ExportError) -> ExportItem? {
        while true {
            let start = buffer.cursor
            let outcome: Result<(ExtractionOutcome, Int, JSONLineTracker), ExtractionInterrupt> = buffer.withWindow { window, base in
                var run = ExtractionRun(
                    tokenizer: JSONTokenizer(unsafeBytes: window, baseOffset: base, isFinal: buffer.isAtEnd, options: options.tokenizer),
                    byteCapacity: lastByteCount + lastByteCount / 4, messageCapacity: lastMessageCount + lastMessageCount / 4)
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
                            offset: buffer.baseOffset + start, message: "expected an object, found \(kind.valueDescription)"))
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
    private func skipAtCursor(context: JSONTokenizer.Context) throws(ExportError) -> JSONError? {
        while true {
            let start = buffer.cursor
            let result: Result<(Int, JSONLineTracker), JSONError>? = buffer.withWindow { window, base in
                var tokenizer = JSONTokenizer(
                    unsafeBytes: window, baseOffset: base, isFinal: buffer.isAtEnd, context: context, options: options.tokenizer)
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
    private func skipNestedPage(start: Int, location: (line: Int, column: Int)) throws(ExportError) -> ExportItem {
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
    private func pageTail() throws(ExportError) -> ExportItem? {
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
    private func structureError(_ message: String, code: JSONError.Code, inPage: Bool) throws(ExportError) -> ExportItem? {
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

    // MARK: - Positions

    /// Line and column of window index `index` (no line feed may lie between the last one counted
    /// and `index`).
    private func locate(_ index: Int) -> (line: Int, column: Int) {
        buffer.withWindow(from: 0, to: buffer.count) { window in
            lines.location(of: index, in: window, baseOffset: buffer.baseOffset)
        }
    }

    /// A tokenizer error, whose line and column count from the element's start, made absolute.
    private func absolute(_ error: JSONError, elementStart: Int) -> JSONError {
        let start = locate(elementStart)
        var located = error
        located.line = start.line + error.line - 1
        located.column = error.line == 1 ? start.column + error.column - 1 : error.column
        return located
    }

    private func fatal(_ message: String, code: JSONError.Code) -> ExportError {
        let location = locate(buffer.cursor)
        phase = .finished
        let error = JSONError(
            code: code, message: message, offset: buffer.baseOffset + buffer.cursor, line: location.line,
            column: location.column)
        return .syntax(error, conversation: nil)
    }

    private func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    // MARK: - Buffer management

    /// At the very start of the input: moves the cursor past a byte order mark, reading until
    /// there are enough bytes to tell. Line 1 then starts after it, so columns do not count it.
    private func skipByteOrderMark() throws(ExportError) {
        while true {
            let match = buffer.withWindow { window, _ in ByteOrderMark.match(atStartOf: window, isFinal: buffer.isAtEnd) }
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
    private func nextNonWhitespace() throws(ExportError) -> UInt8? {
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
    private func fill(keepingFrom keep: Int, atLeast: Int, counted: Bool = true) throws(ExportError) {
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
    private func resynchronize(elementStart start: Int, error: JSONError) throws(ExportError) {
        let errorIndex = max(error.offset - buffer.baseOffset, start)
        // Count the line feeds the failed element spanned, up to the error.
        var index = start
        while index < errorIndex {
            if buffer[index] == 0x0A { lines.lineFeed(at: buffer.baseOffset + index) }
            index += 1
        }
        let atLineStart = index > start && buffer[index - 1] == 0x0A
        if atLineStart && index < buffer.count && Self.startsValue(buffer[index]) {
            buffer.cursor = index
            return
        }
        while true {
            // Find the next line feed, then look at the byte after it.
            while index < buffer.count && buffer[index] != 0x0A { index += 1 }
            if index + 1 < buffer.count {
                lines.lineFeed(at: buffer.baseOffset + index)
                index += 1
                if Self.startsValue(buffer[index]) {
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

    private static func startsValue(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "-"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return true
        default:
            return false
        }
    }
}
