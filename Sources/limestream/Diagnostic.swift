import LimeJSON
import LimeUserlike

/// The one format of every error with a place in an input, from every command, as compilers and
/// linters write them (so editors and `grep` can jump to it):
///
///     FILE:LINE:COLUMN: error: MESSAGE (byte N, conversation K)
///
/// `FILE` is the path as given, `<stdin>` for standard input; LINE and COLUMN are 1-based (the
/// column counts characters, not bytes); N is the byte offset in the file; the conversation part
/// is left out where there is none (a page of Userlike's API v3, a whole input) and reads
/// `text K` for `validate --sequence`, which checks JSON texts, not conversations.
struct Diagnostic: Equatable, CustomStringConvertible {
    var file: String
    var position: JSONPosition
    var message: String
    /// `conversation 4`, `text 2`; nil when the error belongs to no single element.
    var element: String?

    var description: String {
        "\(file):\(position.line):\(position.column): error: \(message) (byte \(position.offset)\(element.map { ", \($0)" } ?? ""))"
    }
}

// In an extension, so that the struct keeps its synthesized memberwise initializer.
extension Diagnostic {
    /// A reported and skipped element of an export.
    init(_ issue: ExportIssue, file: String) {
        self.init(
            file: file, position: issue.position, message: issue.message,
            element: issue.conversation.map { "conversation \($0)" })
    }

    /// A syntax error, in conversation `conversation` (or text, or none).
    init(_ error: JSONError, file: String, element: String?) {
        self.init(
            file: file, position: error.position, message: error.message, element: element)
    }

    /// An input that is clearly not JSON text.
    init(_ finding: InputSniffer.Finding, file: String) {
        self.init(
            file: file, position: finding.position, message: finding.message, element: nil)
    }

    /// The empty-input rule, the same in every command: an input with no JSON text in it (no byte,
    /// or whitespace only) is an error, in the words `validate`'s tokenizer uses for it.
    static func empty(_ source: InputSource) -> Diagnostic {
        let end = source.whitespaceEnd
        let nothing = end.line == 1 && end.column == 1
        return Diagnostic(
            file: source.displayName,
            position: JSONPosition(offset: source.bytesRead, line: end.line, column: end.column),
            message: nothing ? "expected a JSON value, input is empty" : "unexpected end of input, expected a value",
            element: nil)
    }
}
