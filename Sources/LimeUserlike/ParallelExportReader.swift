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
    public init(
        source: ByteSource, jobs: Int, options: ExportReader.Options = ExportReader.Options(), pieceSize: Int = 1 << 20
    ) {
        self.source = source
        self.jobs = max(1, jobs)
        self.options = options
        self.pieceSize = max(64, pieceSize)
    }

    /// Takes the bytes rendered so far, in the middle of a conversation's output, writes them out
    /// and empties them (see ``run(spillingRender:write:report:)``).
    public typealias Spill = (inout [UInt8]) -> Void

    /// Turns one conversation into output bytes, on a worker thread; returns a message when it
    /// cannot (the conversation is then reported as skipped, with its position). It may hand the
    /// bytes to its ``Spill`` while it renders (a huge conversation's line in pieces), and must then
    /// not fail any more. Where the output is held back (a piece on a worker), the spill keeps the
    /// bytes where they are.
    public typealias SpillingRender = @Sendable (Conversation, inout [UInt8], Spill) -> String?

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
        try run(spillingRender: { conversation, out, _ in render(conversation, &out) }, write: write, report: report)
    }

    /// Reads the whole export, as ``run(render:write:report:)`` does, with a render that may write
    /// a conversation's output out in pieces while it makes it: where one reader reads (one job,
    /// and every element too large for a piece), `render` gets a ``Spill`` that hands the bytes to
    /// `write` at once, so that a line of hundreds of megabytes is never held whole (issue #16).
    ///
    /// - Parameters:
    ///   - render: see ``SpillingRender``.
    ///   - write: receives rendered bytes in input order, on the calling thread (see
    ///     ``run(render:write:report:)``); what a spill hands over, too.
    ///   - report: receives each skipped element, in input order, on the calling thread.
    /// - Returns: the number of the last conversation.
    /// - Throws: as ``run(render:write:report:)``.
    @discardableResult
    public func run(
        spillingRender render: @escaping SpillingRender,
        write: ([UInt8]) throws(ExportError) -> Void,
        report: (ExportIssue) -> Void
    ) throws(ExportError) -> Int {
        if jobs == 1 {
            return try sequential(
                ExportReader(source: source, options: options), render: render, write: write, report: report)
        }
        var state = PieceReadState(source: source, chunk: pieceSize)
        // A leading byte order mark is dropped here, as one reader skips it: the pieces start
        // after it, at its byte offset, on line 1, column 1 (``ExportReader/Options/skipsByteOrderMark``).
        let markLength = options.skipsByteOrderMark ? try state.byteOrderMarkLength() : 0
        state.drop(markLength)
        // Detect the form from the first byte that is not whitespace.
        guard let first = try state.firstNonWhitespace() else { return options.firstConversationNumber - 1 }
        let form: ExportForm = state[first] == UInt8(ascii: "[") ? .array : .sequence
        var position = PiecePosition(
            start: JSONPosition(offset: markLength, line: 1, column: 1), number: options.firstConversationNumber - 1)
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
        var inFlight: [ExportPiece] = []
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
                        inFlight: inFlight, state: state, position: position, form: form,
                        startsAfterComma: startsAfterComma,
                        render: render, write: write, report: report)
                }
                try state.read()
            }
            let isLast = cut! == state.count && state.isAtEnd
            let bytes = state.take(cut!)
            scanned = max(0, scanned - cut!)
            let piece = ExportPiece(
                buffer: bytes,
                start: ExportReader.StartPoint(
                    form: form, position: .start, startsAfterComma: startsAfterComma,
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
        inFlight: [ExportPiece], state: PieceReadState, position: PiecePosition, form: ExportForm,
        startsAfterComma: Bool,
        render: @escaping SpillingRender,
        write: ([UInt8]) throws(ExportError) -> Void,
        report: (ExportIssue) -> Void
    ) throws(ExportError) -> Int {
        var position = position
        var remaining = inFlight[...]
        while let piece = remaining.popFirst() {
            piece.waitUntilDone()
            if piece.needsOneReader {
                return try takeOver(
                    from: piece, later: Array(remaining), state: state, position: position, render: render,
                    write: write,
                    report: report)
            }
            try emit(piece, position: position, write: write, report: report)
            position.advance(by: piece.step, conversations: piece.conversations)
        }
        var options = self.options
        options.firstConversationNumber = position.number + 1
        let start = ExportReader.StartPoint(
            form: form, position: position.start, startsAfterComma: startsAfterComma, endsAfterComma: false)
        let reader = ExportReader(
            source: PrefixedByteSource(prefix: state.pending, then: source), options: options, start: start)
        return try sequential(reader, render: render, write: write, report: report)
    }

    /// Writes a finished piece's output and reports, interleaved as one reader would have them.
    private func emit(
        _ piece: ExportPiece, position: PiecePosition, write: ([UInt8]) throws(ExportError) -> Void,
        report: (ExportIssue) -> Void
    ) throws(ExportError) {
        try piece.items.emit(write: write, report: report, locate: position.absolute)
    }

    /// Reads the rest of the input with one reader, from the start of `piece` on.
    private func takeOver(
        from piece: ExportPiece, later: [ExportPiece], state: PieceReadState, position: PiecePosition,
        render: @escaping SpillingRender,
        write: ([UInt8]) throws(ExportError) -> Void,
        report: (ExportIssue) -> Void
    ) throws(ExportError) -> Int {
        for other in later { other.waitUntilDone() }
        var prefix = piece.bytes
        for other in later { prefix += other.bytes }
        prefix += state.pending
        var options = self.options
        options.firstConversationNumber = position.number + 1
        var start = piece.start
        start.position = position.start
        start.endsAfterComma = false
        let reader = ExportReader(
            source: PrefixedByteSource(prefix: prefix, then: source), options: options, start: start)
        return try sequential(reader, render: render, write: write, report: report)
    }

    /// One reader to the end, in batches of about 1 MiB (``ExportReader/run(spillingRender:write:report:flushAt:)``).
    private func sequential(
        _ reader: ExportReader, render: SpillingRender,
        write: ([UInt8]) throws(ExportError) -> Void,
        report: (ExportIssue) -> Void
    ) throws(ExportError) -> Int {
        try reader.run(spillingRender: render, write: write, report: report, flushAt: 1 << 20)
    }
}
