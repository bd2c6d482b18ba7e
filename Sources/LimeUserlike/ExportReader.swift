import LimeJSON

/// Streams the conversations of an export (a JSON array, a whitespace-separated sequence such as
/// NDJSON, or a single payload), one at a time and in order, in memory bounded by the largest
/// single conversation, never by the export's size.
///
///     let reader = try ExportReader(path: "export.ndjson")
///     while let item = try reader.next() {
///         switch item {
///         case .conversation(let conversation, _): print(conversation[.id].text ?? "?")
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

    enum Phase {
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

    let source: ByteSource
    let options: Options
    var buffer: ReadBuffer
    var phase = Phase.start
    var lines = JSONLineTracker(start: 0)
    var elementCount = 0
    /// Sizes of the last conversation, to reserve the next one's storage in one go.
    var lastByteCount = 0
    var lastMessageCount = 0
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
        /// Where the source's first byte is in the whole export.
        var position: JSONPosition
        /// For a piece of a JSON array: it starts right after a `,` (not after the `[`).
        var startsAfterComma: Bool
        /// For a piece of a JSON array that is not its last: the source ends right after a `,`
        /// between elements, and that end is clean.
        var endsAfterComma: Bool
    }

    var endsAfterComma = false

    /// Creates a reader over a buffer that holds a whole piece (``ReadBuffer/split(at:capacity:)``). The
    /// reader only reads it: with all input there, it never discards or refills.
    convenience init(piece: ReadBuffer, options: Options, start: StartPoint) {
        self.init(source: ChunkByteSource([[UInt8]]().makeIterator()), options: options, start: start)
        buffer = piece
        buffer.rebase(to: start.position.offset)
    }

    /// Creates a reader that starts inside an export: between elements of a sequence, or of an
    /// array (after its `[` or a `,`).
    convenience init(source: ByteSource, options: Options, start: StartPoint) {
        self.init(source: source, options: options)
        form = start.form
        phase = start.form == .array ? .arrayElement(afterComma: start.startsAfterComma) : .sequence
        lines = JSONLineTracker(at: start.position)
        buffer = ReadBuffer(capacity: max(options.chunkSize * 2, 64), baseOffset: start.position.offset)
        endsAfterComma = start.endsAfterComma
    }

    /// Line feeds read so far, and the Unicode scalars after the last one: how far the reader
    /// moved the line and column.
    var linesRead: JSONLineTracker { lines }

    /// An input already in memory, which the window borrows instead of copying it in.
    var borrowed: [UInt8]?

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

    /// Where the last element handed out started, and the line count before it; or, when the
    /// window moved past its start while it was read, its line and column, worked out then.
    var lastElement: (start: Int, lines: JSONLineTracker, location: (line: Int, column: Int)?) = (
        0, JSONLineTracker(start: 0), nil
    )

    /// The element being extracted (see ``refill(_:keepingFrom:)``).
    struct StreamedElement {
        /// Its absolute start offset.
        var start: Int
        /// Its line and column, worked out before the window first moves past its start.
        var location: (line: Int, column: Int)?
    }

    var streamedElement: StreamedElement?

    /// An issue about the conversation ``next()`` just handed out (a later layer could not use
    /// it), with that conversation's number and position.
    public func issueForLastConversation(_ message: String) -> ExportIssue {
        let (start, tracker, streamedFrom) = lastElement
        let location =
            streamedFrom
            ?? withInputAttached { () -> (line: Int, column: Int) in
                buffer.withWindow(from: 0, to: buffer.count) { window in
                    tracker.location(of: start - buffer.baseOffset, in: window, baseOffset: buffer.baseOffset)
                }
            }
        return ExportIssue(
            conversation: elementCount, line: location.line, column: location.column, offset: start, message: message)
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
    func withInput<R>(_ body: () throws(ExportError) -> R) throws(ExportError) -> R {
        guard let borrowed else { return try body() }
        let result: Result<R, ExportError> = borrowed.withUnsafeBufferPointer { input in
            if let base = input.baseAddress { buffer.attach(base) }
            do throws(ExportError) { return .success(try body()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    func withInputAttached<R>(_ body: () -> R) -> R {
        guard let borrowed else { return body() }
        return borrowed.withUnsafeBufferPointer { input in
            if let base = input.baseAddress { buffer.attach(base) }
            return body()
        }
    }

    func nextItem() throws(ExportError) -> ExportItem? {
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
                        afterComma
                            ? "unexpected end of input, expected a value"
                            : "unexpected end of input, expected a value or ']'",
                        code: .unexpectedEndOfInput, inPage: inPage)
                }
                if byte == UInt8(ascii: "]") {
                    if afterComma {
                        return try structureError(
                            "expected a value after ',', found ']' (trailing comma)", code: .expectedValue,
                            inPage: inPage)
                    }
                    buffer.cursor += 1
                    phase = inPage ? .pageTail : .afterArray
                    continue
                }
                if let item = try element(in: inPage ? .page : .array) { return item }
            case .arraySeparator, .pageSeparator:
                let inPage = phase.isInPage
                guard let byte = try nextNonWhitespace() else {
                    return try structureError(
                        "unexpected end of input, expected ',' or ']'", code: .unexpectedEndOfInput, inPage: inPage)
                }
                if byte == UInt8(ascii: ",") {
                    buffer.cursor += 1
                    phase = inPage ? .pageElement(afterComma: true) : .arrayElement(afterComma: true)
                } else if byte == UInt8(ascii: "]") {
                    buffer.cursor += 1
                    phase = inPage ? .pageTail : .afterArray
                } else {
                    return try structureError(
                        "expected ',' or ']' after array element, found \(JSONByte.describe(byte))",
                        code: .expectedCommaOrClose,
                        inPage: inPage)
                }
            case .pageTail:
                if let item = try pageTail() { return item }
            case .afterArray:
                if let byte = try nextNonWhitespace() {
                    throw fatal(
                        "unexpected \(JSONByte.describe(byte)) after the array of conversations",
                        code: .trailingCharacters)
                }
                phase = .finished
                return nil
            }
        }
    }
}
