import Dispatch
import LimeJSON

/// Extracts an export on several cores, with output in input order and memory bounded.
///
/// The calling thread reads the input in pieces of about `pieceSize` bytes, cut where the next
/// element starts ( ``PieceBoundary`` for sequences, ``ArrayBoundaryScanner`` for arrays). Up to
/// `jobs` worker threads extract pieces at once, each with an ``ExportReader`` of its own, and
/// render each conversation into bytes; the calling thread writes the pieces' bytes and reports
/// their issues in order, with line, column, offset and conversation numbers made absolute. At most
/// `2 x jobs` pieces are in flight, so memory stays bounded by that many pieces plus the largest
/// element.
///
/// A cut is a guess that only valid input confirms. When a piece's last element runs into its
/// cut (an element larger than it looks, or broken input), or an array piece has an error, the
/// pieces from that one on are discarded and a single ``ExportReader`` reads the rest of the
/// input from that piece's start. Either way the bytes written and the issues reported are the
/// same as with one reader, for every value of `jobs`.
public final class ParallelExportReader {
    private let source: ByteSource
    private let jobs: Int
    private let options: ExportReader.Options
    private let pieceSize: Int

    /// Creates a parallel reader.
    ///
    /// - Parameters:
    ///   - source: the export's bytes.
    ///   - jobs: worker threads (1 reads on the calling thread only).
    ///   - options: reading options (``ExportReader/Options/firstConversationNumber`` is honoured).
    ///   - pieceSize: about how many bytes each piece holds (default 1 MiB).
    public init(source: ByteSource, jobs: Int, options: ExportReader.Options = ExportReader.Options(), pieceSize: Int = 1 << 20) {
        self.source = source
        self.jobs = max(1, jobs)
        self.options = options
        self.pieceSize = max(64, pieceSize)
    }

    /// Reads the whole export.
    ///
    /// - Parameters:
    ///   - render: turns one conversation into output bytes, on a worker thread; returns a message
    ///     when it cannot (the conversation is then reported as skipped, with its position).
    ///   - write: receives rendered bytes in input order, on the calling thread. It may throw
    ///     (``ExportError/output(_:)`` when its output can no longer be written) to stop the run:
    ///     nothing more is read, written or reported, and `run` rethrows once the workers are done.
    ///   - report: receives each skipped element, in input order, on the calling thread.
    /// - Returns: the number of the last conversation.
    /// - Throws: ``ExportError`` as ``ExportReader/next()`` does, everything before it written; or
    ///   what `write` threw.
    @discardableResult
    public func run(
        render: @escaping @Sendable (Conversation, inout [UInt8]) -> String?,
        write: ([UInt8]) throws(ExportError) -> Void,
        report: (ExportIssue) -> Void
    ) throws(ExportError) -> Int {
        if jobs == 1 {
            return try sequential(ExportReader(source: source, options: options), render: render, write: write, report: report)
        }
        var state = ReadState(source: source, chunk: pieceSize)
        // A leading byte order mark is dropped here, as one reader skips it: the pieces start
        // after it, at its byte offset, on line 1, column 1 (``ExportReader/Options/skipsByteOrderMark``).
        let markLength = options.skipsByteOrderMark ? try state.byteOrderMarkLength() : 0
        state.drop(markLength)
        // Detect the form from the first byte that is not whitespace.
        guard let first = try state.firstNonWhitespace() else { return options.firstConversationNumber - 1 }
        let form: ExportForm = state[first] == UInt8(ascii: "[") ? .array : .sequence
        var position = Position(offset: markLength, line: 1, column: 1, number: options.firstConversationNumber - 1)
        if form == .sequence && markLength > 0 && first == 0 && state[0] == ByteOrderMark.bytes[0] {
            // A piece's reader takes the piece's first byte for the input's first, where the
            // tokenizer names a byte order mark as one. After a mark already skipped, a second
            // (or a stray 0xEF) must be named as one reader names it: one reader reads it all.
            return try finishWithOneReader(
                inFlight: [], state: state, position: position, form: form, startsAfterComma: false, render: render,
                write: write, report: report)
        }
        if form == .array {
            // The pieces start after the '['.
            state.withPending(0, first + 1) { position.advance(by: PositionStep(over: $0), conversations: 0) }
            state.drop(first + 1)
        }
        // Arrays are cut where an element begins with the first element's first key, found by
        // reading back from the end of the pending bytes; the scanner, which follows every
        // string and bracket, is the fallback when that finds nothing.
        let pattern = form == .array ? state.withPending(0, state.count) { PieceBoundary.firstKeyPattern(in: $0) } : nil
        var scanner = ArrayBoundaryScanner()
        var scanned = 0
        var startsAfterComma = false
        var inFlight: [Piece] = []
        let queue = DispatchQueue(label: "limestream.extract", attributes: .concurrent)
        let running = DispatchSemaphore(value: jobs)

        // However the run ends (a read error, `write` stopping it, or the end), no worker outlives
        // it; on the usual ways out every piece is waited for already, and waiting again is free.
        defer { for piece in inFlight { piece.waitUntilDone() } }
        while true {
            // Find a cut at least a piece in; read more until there is one or the input ends.
            var cut: Int?
            while cut == nil {
                if state.count >= pieceSize || state.isAtEnd {
                    cut = state.withPending(0, state.count) { bytes -> Int? in
                        if form == .array {
                            if let pattern, let found = PieceBoundary.lastArrayCut(in: bytes, pattern: pattern) {
                                return found
                            }
                            if pattern != nil && scanned == 0 {
                                // The pending bytes start at an element: a scanner can start here.
                                scanner = ArrayBoundaryScanner()
                            }
                            let found = scanner.scan(bytes, from: scanned)
                            scanned = bytes.count
                            return found
                        }
                        // Only the bytes not searched before: a huge element must not be searched
                        // again every time another chunk arrives.
                        let from = max(min(pieceSize / 2, bytes.count), scanned)
                        scanned = bytes.count
                        return PieceBoundary.lastSequenceStart(in: bytes, from: from)
                    }
                    if form == .sequence, cut == 0 { cut = nil }
                }
                if cut != nil { break }
                if state.isAtEnd {
                    cut = state.count
                    break
                }
                if state.count > 4 * pieceSize {
                    // No place to cut in 4 pieces' worth (a page of conversations on one line, a
                    // huge element): pieces would hold memory by the page, not the conversation.
                    // Finish what is in flight, then one reader, which streams inside elements.
                    return try finishWithOneReader(
                        inFlight: inFlight, state: state, position: position, form: form, startsAfterComma: startsAfterComma,
                        render: render, write: write, report: report)
                }
                try state.read()
            }
            let isLast = cut! == state.count && state.isAtEnd
            let bytes = state.take(cut!)
            scanned = max(0, scanned - cut!)
            let piece = Piece(
                buffer: bytes,
                start: ExportReader.StartPoint(
                    form: form, offset: 0, line: 1, column: 1, startsAfterComma: startsAfterComma,
                    endsAfterComma: form == .array && !isLast),
                isLast: isLast)
            startsAfterComma = form == .array
            inFlight.append(piece)
            let options = self.options
            queue.async {
                running.wait()
                piece.extract(options: options, render: render)
                running.signal()
                piece.done.signal()
            }
            // Write finished pieces in order; wait when too many are in flight.
            while let oldest = inFlight.first, inFlight.count >= 2 * jobs || isLast || oldest.isDone {
                oldest.waitUntilDone()
                inFlight.removeFirst()
                if oldest.needsOneReader {
                    return try takeOver(
                        from: oldest, later: inFlight, state: state, position: position, render: render, write: write,
                        report: report)
                }
                try emit(oldest, position: position, write: write, report: report)
                position.advance(by: oldest.step, conversations: oldest.conversations)
            }
            if isLast { return position.number }
        }
    }

    /// Writes the pieces in flight in order, then reads the rest (the pending bytes and the source)
    /// with one reader.
    private func finishWithOneReader(
        inFlight: [Piece], state: ReadState, position: Position, form: ExportForm, startsAfterComma: Bool,
        render: @escaping @Sendable (Conversation, inout [UInt8]) -> String?, write: ([UInt8]) throws(ExportError) -> Void,
        report: (ExportIssue) -> Void
    ) throws(ExportError) -> Int {
        var position = position
        var remaining = inFlight[...]
        while let piece = remaining.popFirst() {
            piece.waitUntilDone()
            if piece.needsOneReader {
                return try takeOver(
                    from: piece, later: Array(remaining), state: state, position: position, render: render, write: write,
                    report: report)
            }
            try emit(piece, position: position, write: write, report: report)
            position.advance(by: piece.step, conversations: piece.conversations)
        }
        var options = self.options
        options.firstConversationNumber = position.number + 1
        let start = ExportReader.StartPoint(
            form: form, offset: position.offset, line: position.line, column: position.column, startsAfterComma: startsAfterComma,
            endsAfterComma: false)
        let reader = ExportReader(source: PrefixedByteSource(prefix: state.pending, then: source), options: options, start: start)
        return try sequential(reader, render: render, write: write, report: report)
    }

    /// Writes a finished piece's output and reports, interleaved as one reader would have them.
    private func emit(
        _ piece: Piece, position: Position, write: ([UInt8]) throws(ExportError) -> Void, report: (ExportIssue) -> Void
    ) throws(ExportError) {
        var written = 0
        for (offset, issue) in piece.issues {
            if offset > written {
                try write(Array(piece.output[written..<offset]))
                written = offset
            }
            report(position.absolute(issue))
        }
        if written < piece.output.count { try write(written == 0 ? piece.output : Array(piece.output[written...])) }
    }

    /// Reads the rest of the input with one reader, from the start of `piece` on.
    private func takeOver(
        from piece: Piece, later: [Piece], state: ReadState, position: Position,
        render: @escaping @Sendable (Conversation, inout [UInt8]) -> String?, write: ([UInt8]) throws(ExportError) -> Void,
        report: (ExportIssue) -> Void
    ) throws(ExportError) -> Int {
        for other in later { other.waitUntilDone() }
        var prefix = piece.bytes
        for other in later { prefix += other.bytes }
        prefix += state.pending
        var options = self.options
        options.firstConversationNumber = position.number + 1
        var start = piece.start
        start.offset = position.offset
        start.line = position.line
        start.column = position.column
        start.endsAfterComma = false
        let reader = ExportReader(source: PrefixedByteSource(prefix: prefix, then: source), options: options, start: start)
        return try sequential(reader, render: render, write: write, report: report)
    }

    private func sequential(
        _ reader: ExportReader, render: (Conversation, inout [UInt8]) -> String?, write: ([UInt8]) throws(ExportError) -> Void,
        report: (ExportIssue) -> Void
    ) throws(ExportError) -> Int {
        var output: [UInt8] = []
        while true {
            let item: ExportItem?
            do {
                item = try reader.next()
            } catch {
                // What came before the error is written first; a failed write is then the error.
                if !output.isEmpty { try write(output) }
                throw error
            }
            guard let item else { break }
            switch item {
            case .conversation(let conversation, _):
                if let problem = render(conversation, &output) {
                    if !output.isEmpty {
                        try write(output)
                        output.removeAll(keepingCapacity: true)
                    }
                    report(reader.issueForLastConversation(problem))
                }
                if output.count >= 1 << 20 {
                    try write(output)
                    output.removeAll(keepingCapacity: true)
                }
            case .skipped(let issue):
                if !output.isEmpty {
                    try write(output)
                    output.removeAll(keepingCapacity: true)
                }
                report(issue)
            }
        }
        if !output.isEmpty { try write(output) }
        return reader.lastConversationNumber
    }
}

// MARK: - Pieces

/// One piece of the input and, once a worker is done with it, what came out.
private final class Piece: @unchecked Sendable {
    /// The piece's whole input; only read, by the worker and (after it is done) by the caller.
    let buffer: ReadBuffer
    let start: ExportReader.StartPoint
    let isLast: Bool
    let done = DispatchSemaphore(value: 0)
    // Written by the worker before `done` is signalled, read by the caller after waiting on it.
    private(set) var output: [UInt8] = []
    /// Each skipped element, with how many output bytes came before it (to interleave them as one
    /// reader would).
    private(set) var issues: [(outputOffset: Int, issue: ExportIssue)] = []
    private(set) var conversations = 0
    /// How the piece's bytes move the line and column, counted by the worker.
    private(set) var step = PositionStep()
    private(set) var needsOneReader = false
    private var finished = false
    private let lock = DispatchSemaphore(value: 1)

    init(buffer: ReadBuffer, start: ExportReader.StartPoint, isLast: Bool) {
        self.buffer = buffer
        self.start = start
        self.isLast = isLast
    }

    /// A copy of the piece's bytes (for handing over to one reader).
    var bytes: [UInt8] { buffer.withWindow(from: 0, to: buffer.count) { Array($0) } }

    /// Waits until the worker is done with the piece; may be called any number of times.
    func waitUntilDone() {
        done.wait()
        done.signal()
    }

    var isDone: Bool {
        lock.wait()
        defer { lock.signal() }
        return finished
    }

    func extract(options: ExportReader.Options, render: (Conversation, inout [UInt8]) -> String?) {
        var options = options
        options.firstConversationNumber = 1
        options.chunkSize = 1  // the piece is all there is: no reads, no read buffer
        let reader = ExportReader(piece: buffer, options: options, start: start)
        do {
            while let item = try reader.next() {
                switch item {
                case .conversation(let conversation, _):
                    if let problem = render(conversation, &output) {
                        issues.append((output.count, reader.issueForLastConversation(problem)))
                    }
                case .skipped(let issue):
                    // The last element ran into the cut: the cut was not where an element starts.
                    if !isLast, let error = issue.syntaxError, error.code == .unexpectedEndOfInput,
                        error.offset >= buffer.count
                    {
                        needsOneReader = true
                    }
                    issues.append((output.count, issue))
                }
            }
        } catch {
            needsOneReader = true
        }
        conversations = reader.lastConversationNumber
        if !needsOneReader {
            // The reader counted the line feeds as it went; only the last line's characters are
            // left to count (none in NDJSON, whose pieces end at a line's start).
            let lines = reader.linesRead
            if issues.isEmpty {
                // Every byte went through the reader's tokenizers, which counted the continuation
                // bytes of the strings: the last line's characters come without reading it again
                // (a whole piece, on a one-line array).
                step = PositionStep(bytes: buffer.count, lineFeeds: lines.lineFeeds, scalarsAfterLastFeed: lines.scalarsOnLine(upTo: buffer.count))
            } else {
                step = buffer.withWindow(from: 0, to: buffer.count) { bytes in
                    PositionStep(bytes: bytes, lineFeeds: lines.lineFeeds, lastLineStart: lines.lineStart)
                }
            }
            assert(step == buffer.withWindow(from: 0, to: buffer.count) { PositionStep(over: $0) })
        }
        lock.wait()
        finished = true
        lock.signal()
    }
}

/// Absolute line, column, offset and conversation number where the next piece starts.
private struct Position {
    var offset: Int
    var line: Int
    var column: Int
    var number: Int

    mutating func advance(by step: PositionStep, conversations: Int) {
        if step.lineFeeds > 0 {
            line += step.lineFeeds
            column = step.scalarsAfterLastFeed + 1
        } else {
            column += step.scalarsAfterLastFeed
        }
        offset += step.bytes
        number += conversations
    }

    /// An issue found by a piece's reader, whose positions count from the piece's start.
    func absolute(_ issue: ExportIssue) -> ExportIssue {
        var result = issue
        result.conversation = issue.conversation.map { $0 + number }
        result.line = issue.line + line - 1
        result.column = issue.line == 1 ? issue.column + column - 1 : issue.column
        result.offset = issue.offset + offset
        if var error = issue.syntaxError {
            error.line = result.line
            error.column = result.column
            error.offset = result.offset
            result.syntaxError = error
        }
        return result
    }
}

/// How a piece's bytes move the position: its length, its line feeds and the Unicode scalars
/// after the last one. Counted by the piece's worker, so the calling thread does not read the bytes.
private struct PositionStep: Equatable {
    var bytes = 0
    var lineFeeds = 0
    var scalarsAfterLastFeed = 0

    init() {}

    init(bytes: Int, lineFeeds: Int, scalarsAfterLastFeed: Int) {
        self.bytes = bytes
        self.lineFeeds = lineFeeds
        self.scalarsAfterLastFeed = scalarsAfterLastFeed
    }

    /// The step over `bytes`, whose line feeds are already counted and whose last line starts at
    /// `lastLineStart`.
    init(bytes: UnsafeBufferPointer<UInt8>, lineFeeds: Int, lastLineStart: Int) {
        self.bytes = bytes.count
        self.lineFeeds = lineFeeds
        scalarsAfterLastFeed = JSONLineTracker.scalarCount(UnsafeBufferPointer(rebasing: bytes[min(lastLineStart, bytes.count)...]))
    }

    init(over bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes.count
        // Line feeds eight bytes at a time (exact: a lane is 0x80 only where the byte was '\n').
        var feeds = 0
        var index = 0
        if let base = bytes.baseAddress {
            while index + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
                let nonzero = ((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | word
                feeds &+= (~nonzero & 0x8080_8080_8080_8080).nonzeroBitCount
                index += 8
            }
            while index < bytes.count {
                if base[index] == 0x0A { feeds += 1 }
                index += 1
            }
        }
        var last = bytes.count - 1
        if feeds > 0 {
            while bytes[last] != 0x0A { last -= 1 }
        } else {
            last = -1
        }
        lineFeeds = feeds
        scalarsAfterLastFeed = JSONLineTracker.scalarCount(UnsafeBufferPointer(rebasing: bytes[(last + 1)...]))
    }
}

/// The calling thread's read state: bytes read but not yet cut into pieces.
private struct ReadState {
    let source: ByteSource
    let chunk: Int
    private var buffer: ReadBuffer

    init(source: ByteSource, chunk: Int) {
        self.source = source
        self.chunk = chunk
        buffer = ReadBuffer(capacity: chunk * 2)
    }

    var count: Int { buffer.count }
    var isAtEnd: Bool { buffer.isAtEnd }
    subscript(index: Int) -> UInt8 { buffer[index] }

    /// Reads one more chunk (less at the end of the input).
    mutating func read() throws(ExportError) {
        // Exactly one chunk: cuts are looked for after each, and a larger read would make larger pieces.
        try buffer.read(from: source, atLeast: chunk, atMost: chunk)
    }

    func withPending<R>(_ from: Int, _ to: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        buffer.withWindow(from: from, to: to, body)
    }

    /// Hands bytes `[0, count)` over as a piece's buffer, without copying them.
    mutating func take(_ count: Int) -> ReadBuffer {
        buffer.split(at: count, capacity: chunk * 2)
    }

    /// The bytes `[0, count)` as an array.
    func copy(_ count: Int) -> [UInt8] {
        buffer.withWindow(from: 0, to: count) { Array($0) }
    }

    /// All pending bytes.
    var pending: [UInt8] { copy(buffer.count) }

    /// The length of a byte order mark at the start of the pending bytes (3, or 0 when there is
    /// none), reading as needed to tell.
    mutating func byteOrderMarkLength() throws(ExportError) -> Int {
        while true {
            switch withPending(0, count, { ByteOrderMark.match(atStartOf: $0, isFinal: isAtEnd) }) {
            case .mark: return ByteOrderMark.bytes.count
            case .notMark: return 0
            case .needMoreInput: try read()
            }
        }
    }

    /// The index of the first byte that is not JSON whitespace, reading as needed; nil when the
    /// input holds nothing else.
    mutating func firstNonWhitespace() throws(ExportError) -> Int? {
        var index = 0
        while true {
            while index < buffer.count {
                let byte = buffer[index]
                if byte != 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09 { return index }
                index += 1
            }
            if isAtEnd { return nil }
            try read()
        }
    }

    mutating func drop(_ count: Int) {
        buffer.cursor = count
        buffer.discard(before: count)
    }
}

/// Bytes already read, then the rest of a source.
final class PrefixedByteSource: ByteSource {
    private var prefix: [UInt8]
    private var offset = 0
    private let rest: ByteSource
    var name: String { rest.name }

    init(prefix: [UInt8], then rest: ByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ExportError) -> Int {
        if offset < prefix.count {
            let count = min(buffer.count, prefix.count - offset)
            prefix.withUnsafeBytes { bytes in
                buffer.baseAddress!.copyMemory(from: bytes.baseAddress! + offset, byteCount: count)
            }
            offset += count
            if offset == prefix.count {
                prefix = []
                offset = 0
            }
            return count
        }
        return try rest.read(into: buffer)
    }
}
