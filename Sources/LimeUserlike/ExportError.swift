import LimeJSON

/// An error that ends the reading of an export.
public enum ExportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Reading the input failed: the message names the file and says why; `errno` is the system's
    /// error number when a system call failed (`ENOENT`, `EACCES`, `EIO`...), for callers that
    /// act on the cause rather than print it.
    case io(String, errno: Int32? = nil)
    /// A syntax error where the reader cannot resume: inside a JSON array of conversations, or
    /// around it. Everything before it was already handed out.
    case syntax(JSONError, conversation: Int?)
    /// Writing the output failed (the message names the output): thrown by the caller's `write`
    /// (``ParallelExportReader/run(render:write:report:)``) to stop reading input that can no
    /// longer be written; the reader only passes it on.
    case output(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .io(let message, _), .output(let message): return message
        case .syntax(let error, let conversation?): return "conversation \(conversation): \(error)"
        case .syntax(let error, nil): return error.description
        }
    }
}

/// A conversation of an export that was reported and skipped; the rest of the export goes on.
public struct ExportIssue: Sendable, Equatable, CustomStringConvertible {
    /// The 1-based number of the element among the export's conversations; nil for a problem
    /// with a page of Userlike's API v3 rather than with one conversation.
    public var conversation: Int?
    /// Where the element starts (for syntax errors: where the error is).
    public var position: JSONPosition
    /// What is wrong ("expected an object", or the syntax error's message).
    public var message: String
    /// The syntax error, when that was the reason.
    public var syntaxError: JSONError?

    /// Creates an issue.
    public init(conversation: Int?, at position: JSONPosition, message: String, syntaxError: JSONError? = nil) {
        self.conversation = conversation
        self.position = position
        self.message = message
        self.syntaxError = syntaxError
    }

    /// Creates an issue at line `line`, column `column`, byte `offset`.
    public init(
        conversation: Int?, line: Int, column: Int, offset: Int, message: String, syntaxError: JSONError? = nil
    ) {
        self.init(
            conversation: conversation, at: JSONPosition(offset: offset, line: line, column: column), message: message,
            syntaxError: syntaxError)
    }

    /// 1-based line where the element starts (for syntax errors: where the error is).
    public var line: Int { position.line }
    /// 1-based column (Unicode scalars) of the same place.
    public var column: Int { position.column }
    /// Byte offset of the same place.
    public var offset: Int { position.offset }

    /// `conversation N (line L): message`, or with column and byte for syntax errors.
    public var description: String {
        let what = conversation.map { "conversation \($0)" } ?? "page"
        if syntaxError != nil {
            return "\(what) (line \(line), column \(column), byte \(offset)): \(message)"
        }
        return "\(what) (line \(line)): \(message)"
    }
}
