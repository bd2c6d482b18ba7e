import Foundation

/// One HTTP exchange with Lime.
public struct LimeRequest: Sendable, Equatable {
    /// `GET` or `POST`.
    public var method: String
    /// The full URL.
    public var url: URL
    /// The JSON body, for `POST`.
    public var body: [UInt8]?

    /// Creates a request.
    public init(method: String, url: URL, body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.body = body
    }

    /// Whether the request must reach Lime at most once (everything but a lookup): a transport
    /// sends it on a connection of its own and never again by itself.
    public var isSingleShot: Bool { method != "GET" }
}

/// Lime's answer.
public struct LimeResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// Headers, names lower-cased.
    public var headers: [String: String]
    /// The body.
    public var body: [UInt8]

    /// Creates a response (for transports of one's own).
    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// How requests reach Lime: ``CurlTransport`` on Linux, `URLSessionTransport` (module
/// LimeURLSession) on Apple's systems; tests use both against a loopback server.
public protocol LimeTransport: Sendable {
    /// Sends one request with the API key; throws ``SenderError/transport(_:)`` when no answer came.
    func send(_ request: LimeRequest, key: LimeAPIKey) throws(SenderError) -> LimeResponse
}
