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
