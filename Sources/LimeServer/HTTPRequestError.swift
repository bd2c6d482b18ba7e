/// A request the server refuses, with the status it answers and where in the request the problem
/// was found. Every one of them closes the connection: after a malformed request the server cannot
/// know where the next one would begin (RFC 9112 section 11.2, request smuggling).
public struct HTTPRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status to answer (400, 408, 413, 414, 417, 431, 501, 505).
    public var status: Int
    /// What is wrong, for the response body and the log.
    public var message: String
    /// The byte offset in the request head (or in the body, for a bad chunk) where it was found.
    public var offset: Int

    /// Creates an error.
    public init(status: Int, message: String, offset: Int) {
        self.status = status
        self.message = message
        self.offset = offset
    }

    /// `400: whitespace before ':' in a header field (byte 37)`.
    public var description: String { "\(status): \(message) (byte \(offset))" }
}
