import LimeJSON

/// Absolute line, column, offset and conversation number where the next piece starts.
struct PiecePosition {
    /// Where the next piece's first byte is.
    var start: JSONPosition
    /// Conversations before the next piece.
    var number: Int

    mutating func advance(by step: PositionStep, conversations: Int) {
        if step.lineFeeds > 0 {
            start.line += step.lineFeeds
            start.column = step.scalarsAfterLastFeed + 1
        } else {
            start.column += step.scalarsAfterLastFeed
        }
        start.offset += step.bytes
        number += conversations
    }

    /// An issue found by a piece's reader, whose positions count from the piece's start.
    func absolute(_ issue: ExportIssue) -> ExportIssue {
        var result = issue
        result.conversation = issue.conversation.map { $0 + number }
        result.position = issue.position.rebased(onto: start)
        result.syntaxError?.position = result.position
        return result
    }
}

/// How a piece's bytes move the position: its length, its line feeds and the Unicode scalars
/// after the last one. Counted by the piece's worker, so the calling thread does not read the bytes.
struct PositionStep: Equatable {
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
        scalarsAfterLastFeed = JSONLineTracker.scalarCount(
            UnsafeBufferPointer(rebasing: bytes[min(lastLineStart, bytes.count)...]))
    }

    init(over bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes.count
        let feeds = JSONByte.lineFeeds(in: bytes)
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
