import Dispatch
import LimeJSON

/// One piece of the input and, once a worker is done with it, what came out.
final class ExportPiece: @unchecked Sendable {
    /// The piece's whole input; only read, by the worker and (after it is done) by the caller.
    let buffer: ReadBuffer
    let start: ExportReader.StartPoint
    let isLast: Bool
    let done = DispatchSemaphore(value: 0)
    // Written by the worker before `done` is signalled, read by the caller after waiting on it.
    private(set) var items = RenderedItems()
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

    func extract(options: ExportReader.Options, render: ParallelExportReader.SpillingRender) {
        var options = options
        options.firstConversationNumber = 1
        options.chunkSize = 1  // the piece is all there is: no reads, no read buffer
        let reader = ExportReader(piece: buffer, options: options, start: start)
        do {
            try reader.drain(render: render, into: &items)
        } catch {
            needsOneReader = true
        }
        // The last element ran into the cut: the cut was not where an element starts.
        if !isLast
            && items.issues.contains(where: {
                guard let error = $0.issue.syntaxError else { return false }
                return error.code == .unexpectedEndOfInput && error.offset >= buffer.count
            })
        {
            needsOneReader = true
        }
        conversations = reader.lastConversationNumber
        if !needsOneReader {
            // The reader counted the line feeds as it went; only the last line's characters are
            // left to count (none in NDJSON, whose pieces end at a line's start).
            let lines = reader.linesRead
            if items.issues.isEmpty {
                // Every byte went through the reader's tokenizers, which counted the continuation
                // bytes of the strings: the last line's characters come without reading it again
                // (a whole piece, on a one-line array).
                step = PositionStep(
                    bytes: buffer.count, lineFeeds: lines.lineFeeds,
                    scalarsAfterLastFeed: lines.scalarsOnLine(upTo: buffer.count))
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
