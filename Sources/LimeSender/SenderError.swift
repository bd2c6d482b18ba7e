/// What can go wrong when sending; never holds the API key.
public enum SenderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The application URL is not acceptable.
    case invalidURL(String)
    /// No usable API key.
    case missingAPIKey(String)
    /// Lime refused the key (401) or its permissions (403): the run stops.
    case unauthorized(status: Int, message: String)
    /// Lime answered with an error status that is not retried, or retries ran out.
    case http(status: Int, message: String)
    /// The request failed without an answer (timeout, dropped connection), retries ran out.
    case transport(String)
    /// Lime's answer was not what the API documents.
    case unexpectedResponse(String)
    /// Lime did not answer at all for several conversations in a row: the run stops.
    case unreachable(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .invalidURL(let message): return "invalid Lime URL: \(message)"
        case .missingAPIKey(let message): return "no API key: \(message)"
        case .unauthorized(let status, let message):
            return
                "Lime refused the API key (HTTP \(status)): \(message). Check the key and the API user's permissions."
        case .http(let status, let message): return "HTTP \(status): \(message)"
        case .transport(let message): return "no answer from Lime: \(message)"
        case .unexpectedResponse(let message): return "unexpected answer from Lime: \(message)"
        case .unreachable(let message):
            return
                "cannot reach Lime at \(message). Stopped; nothing more was sent. Rerun when Lime answers: the journal skips what got through."
        }
    }

    var isRetryable: Bool {
        switch self {
        case .transport: return true
        case .http(let status, _): return status == 429 || status >= 500
        default: return false
        }
    }
}
