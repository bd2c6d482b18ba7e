/// One result of reading an export: a conversation, or one that was reported and skipped.
public enum ExportItem: Sendable {
    /// A conversation, with its 1-based number in the export.
    case conversation(Conversation, number: Int)
    /// An element that is not a conversation, or a syntax error the reader resumed after.
    case skipped(ExportIssue)
}
