/// How the generator lays out an export of many conversations (named apart from
/// `LimeUserlike.ExportForm`, which is what the reader detects).
public enum ExportLayout: String, CaseIterable, Sendable {
    /// One JSON array of conversations.
    case array
    /// One compact conversation per line.
    case ndjson
    /// Pretty-printed conversations one after another, separated by a newline.
    case concatenated
    /// Pages of Userlike's API v3, one compact page per line:
    /// `{"count":N,"next":URL-or-null,"previous":URL-or-null,"results":[...]}`.
    case pages
}
