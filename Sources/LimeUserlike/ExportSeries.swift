/// Several export inputs read one after another as one stream of conversations, as
/// `limestream extract a.json b.ndjson -` reads them: conversations are numbered on from one input
/// to the next; an input that cannot be opened, or that stops at an error, is handed to the caller
/// and the next one is read; an output that can no longer be written stops the series at once.
///
/// It reads the way a single reader does, either way round: ``run(reading:spillingRender:write:report:event:)``
/// drains every input (`extract`, `convert`), and ``next(event:)`` hands out one item at a time
/// (`send`, which reads as it delivers). What to say about an input, and the exit code made of it,
/// stay with the caller: the series only tells what became of each one (``Event``).
public struct ExportSeries<Source: ByteSource> {
    /// What became of one input, in input order, for the caller to say and count.
    public enum Event {
        /// The input named by this path could not be opened; the series goes on with the next.
        case notOpened(String, ExportError)
        /// The input is open and about to be read.
        case began(Source)
        /// The input was read to its end.
        case finished(Source)
        /// Reading the input stopped at this error, everything before it written and reported.
        /// The series goes on with the next input, except after ``ExportError/output(_:)``.
        case failed(Source, ExportError)
    }

    /// Which reader drains one input in ``run(reading:spillingRender:write:report:event:)``.
    public enum Reading {
        /// One ``ExportReader`` with this chunk size, writing in blocks of `flushAt` bytes (1: each
        /// conversation as soon as it is complete, for a pipe that may stall).
        case sequential(chunkSize: Int, flushAt: Int)
        /// A ``ParallelExportReader`` on this many threads.
        case parallel(jobs: Int)
    }

    private let paths: [String]
    private let open: (String) throws(ExportError) -> Source
    private let options: ExportReader.Options
    private var nextPath = 0
    /// The input being read by ``next(event:)``, with its reader.
    private var current: (source: Source, reader: ExportReader)?

    /// The number the next input's first conversation gets.
    public private(set) var nextConversationNumber: Int

    /// A series over `paths`, each opened by `open` when its turn comes (so that a file is not
    /// held open before it is read) and read with `options`, its numbering from
    /// ``ExportReader/Options/firstConversationNumber`` on.
    public init(
        paths: [String], options: ExportReader.Options = ExportReader.Options(),
        open: @escaping (String) throws(ExportError) -> Source
    ) {
        self.paths = paths
        self.open = open
        self.options = options
        nextConversationNumber = options.firstConversationNumber
    }

    /// Opens the next input, or says it could not be opened and tries the one after; nil after the last.
    private mutating func openNext(_ event: (Event) -> Void) -> Source? {
        while nextPath < paths.count {
            let path = paths[nextPath]
            nextPath += 1
            do throws(ExportError) {
                let source = try open(path)
                event(.began(source))
                return source
            } catch {
                event(.notOpened(path, error))
            }
        }
        return nil
    }

    /// The options of the input about to be read: numbered on from the one before.
    private var numberedOptions: ExportReader.Options {
        var numbered = options
        numbered.firstConversationNumber = nextConversationNumber
        return numbered
    }

    /// Reads every input to its end with the reader `reading` chooses for it, as that reader's
    /// `run` does (rendered bytes to `write` in input order, each skipped element to `report`).
    ///
    /// - Returns: false when it stopped because `write` threw ``ExportError/output(_:)`` (after
    ///   its ``Event/failed(_:_:)``); true when every input was read, whatever became of each.
    @discardableResult
    public mutating func run(
        reading: (Source) -> Reading,
        spillingRender render: @escaping ParallelExportReader.SpillingRender,
        write: ([UInt8]) throws(ExportError) -> Void,
        report: (ExportIssue, Source) -> Void,
        event: (Event) -> Void
    ) -> Bool {
        while let source = openNext(event) {
            do throws(ExportError) {
                var options = numberedOptions
                let last: Int
                switch reading(source) {
                case .sequential(let chunkSize, let flushAt):
                    options.chunkSize = chunkSize
                    last = try ExportReader(source: source, options: options).run(
                        spillingRender: render, write: write, report: { report($0, source) }, flushAt: flushAt)
                case .parallel(let jobs):
                    last = try ParallelExportReader(source: source, jobs: jobs, options: options).run(
                        spillingRender: render, write: write, report: { report($0, source) })
                }
                nextConversationNumber = last + 1
                event(.finished(source))
            } catch {
                event(.failed(source, error))
                if case .output = error { return false }
            }
        }
        return true
    }

    /// The next item of the series, with the input it came from; nil after the last input.
    ///
    /// An input's end or error is told to `event` before the next input's first item is read.
    public mutating func next(event: (Event) -> Void) -> (item: ExportItem, source: Source)? {
        while true {
            if current == nil {
                guard let source = openNext(event) else { return nil }
                current = (source, ExportReader(source: source, options: numberedOptions))
            }
            let (source, reader) = current!
            do throws(ExportError) {
                if let item = try reader.next() { return (item, source) }
                endInput(reader)
                event(.finished(source))
            } catch {
                endInput(reader)
                event(.failed(source, error))
            }
        }
    }

    /// The issue that reports the conversation ``next(event:)`` handed out last as skipped, with
    /// `message` (a conversation that was read but cannot be used: ``ExportReader/issueForLastConversation(_:)``).
    ///
    /// - Precondition: the last item handed out was a conversation.
    public func issueForLastConversation(_ message: String) -> ExportIssue {
        current!.reader.issueForLastConversation(message)
    }

    /// Numbers on after the input `reader` read.
    private mutating func endInput(_ reader: ExportReader) {
        nextConversationNumber = reader.lastConversationNumber + 1
        current = nil
    }
}
