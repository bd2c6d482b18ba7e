/// Conversations rendered into output bytes, and each skipped element's issue with the output
/// offset it stands at: what one reader produced, kept so that it can be written and reported
/// later, interleaved exactly as read.
struct RenderedItems {
    /// The rendered bytes.
    var output: [UInt8] = []
    /// Each issue, with how many output bytes came before it.
    var issues: [(outputOffset: Int, issue: ExportIssue)] = []

    var isEmpty: Bool { output.isEmpty && issues.isEmpty }

    /// Writes the output and reports the issues (each through `locate`, which makes its positions
    /// absolute), interleaved as they were read.
    func emit(
        write: ([UInt8]) throws(ExportError) -> Void, report: (ExportIssue) -> Void,
        locate: (ExportIssue) -> ExportIssue = { $0 }
    ) throws(ExportError) {
        var written = 0
        for (offset, issue) in issues {
            if offset > written {
                try write(Array(output[written..<offset]))
                written = offset
            }
            report(locate(issue))
        }
        if written < output.count { try write(written == 0 ? output : Array(output[written...])) }
    }

    mutating func removeAll() {
        output.removeAll(keepingCapacity: true)
        issues.removeAll(keepingCapacity: true)
    }
}

extension ExportReader {
    /// Reads every item to the end, rendering conversations into `items` (a conversation `render`
    /// cannot turn into bytes becomes an issue with its position) and recording skipped elements.
    /// Whenever the output holds `flushAt` bytes or more, or an issue was recorded and
    /// `flushesIssues`, `flush` gets the items to write out (so that issues are reported as soon as
    /// they are found).
    ///
    /// With `spillsLines`, `render` may hand the output to `flush` while it renders a conversation
    /// (when no issue waits to be reported before those bytes): a huge conversation is written out
    /// in pieces. Once a flush has failed, the rest of that conversation's pieces are dropped and
    /// its error is thrown when the render returns.
    ///
    /// - Throws: what ``next()`` throws (what was read before it is still in `items`), or what
    ///   `flush` throws.
    func drain(
        render: ParallelExportReader.SpillingRender, into items: inout RenderedItems, flushAt: Int = Int.max,
        flushesIssues: Bool = false, spillsLines: Bool = false,
        flush: (inout RenderedItems) throws(ExportError) -> Void = { _ in }
    ) throws(ExportError) {
        while let item = try next() {
            switch item {
            case .conversation(let conversation, _):
                let problem: String?
                if spillsLines && items.issues.isEmpty {
                    var failure: ExportError?
                    // The render calls back into `flush` only while it runs, never after.
                    problem = withoutActuallyEscaping(flush) { flush in
                        render(conversation, &items.output) { bytes in
                            // The bytes are flushed as items of their own, and their memory kept.
                            var piece = RenderedItems()
                            swap(&piece.output, &bytes)
                            if failure == nil {
                                do throws(ExportError) { try flush(&piece) } catch { failure = error }
                            }
                            piece.output.removeAll(keepingCapacity: true)
                            swap(&piece.output, &bytes)
                        }
                    }
                    if let failure { throw failure }
                } else {
                    problem = render(conversation, &items.output) { _ in }
                }
                if let problem { items.issues.append((items.output.count, issueForLastConversation(problem))) }
            case .skipped(let issue):
                items.issues.append((items.output.count, issue))
            }
            if items.output.count >= flushAt || (flushesIssues && !items.issues.isEmpty) { try flush(&items) }
        }
    }
}

extension ExportReader {
    /// Reads the export to its end: renders each conversation with `render`, writes the output in
    /// blocks of about `flushAt` bytes (1: each conversation as soon as it is complete, for input
    /// that arrives slowly), and reports each skipped element as soon as it is found, interleaved
    /// with the output exactly as read. A huge conversation's line goes to `write` in pieces as it
    /// is rendered. Before an error is thrown, what was read before it is written and reported.
    ///
    /// - Returns: the number of the last conversation.
    /// - Throws: what ``next()`` throws, or what `write` throws (then nothing more is written).
    public func run(
        spillingRender render: ParallelExportReader.SpillingRender, write: ([UInt8]) throws(ExportError) -> Void,
        report: (ExportIssue) -> Void, flushAt: Int
    ) throws(ExportError) -> Int {
        var items = RenderedItems()
        do {
            try drain(render: render, into: &items, flushAt: flushAt, flushesIssues: true, spillsLines: true) {
                (items: inout RenderedItems) throws(ExportError) in
                try items.emit(write: write, report: report)
                items.removeAll()
            }
        } catch {
            // What came before the error is written first; a failed write is then the error.
            if case .output = error { throw error }
            try items.emit(write: write, report: report)
            throw error
        }
        try items.emit(write: write, report: report)
        return lastConversationNumber
    }
}
