import LimeJSON

/// A response: status, a few fields, a body, written in one `send`.
public struct HTTPResponse: Sendable, Equatable {
    /// The status code.
    public var status: Int
    /// Fields besides Content-Length and Connection, which the server writes itself.
    public var fields: [(name: String, value: String)]
    /// The body.
    public var body: [UInt8]
    /// Whether the connection is to be closed after it, whatever the client asked.
    public var closesConnection: Bool

    /// Creates a response.
    public init(
        status: Int, fields: [(name: String, value: String)] = [], body: [UInt8] = [], closesConnection: Bool = false
    ) {
        self.status = status
        self.fields = fields
        self.body = body
        self.closesConnection = closesConnection
    }

    /// A JSON response.
    public static func json(_ status: Int, _ body: [UInt8], closesConnection: Bool = false) -> HTTPResponse {
        HTTPResponse(
            status: status, fields: [("Content-Type", "application/json")], body: body,
            closesConnection: closesConnection)
    }

    /// `{"error": message}` with the status of a refused request; the connection is closed.
    public static func refusal(_ error: HTTPRequestError) -> HTTPResponse {
        var body = Array(#"{"error":"#.utf8)
        JSONWriter.writeString(error.description, into: &body)
        body.append(UInt8(ascii: "}"))
        return json(error.status, body, closesConnection: true)
    }

    /// Equal when every part is (fields in order).
    public static func == (lhs: HTTPResponse, rhs: HTTPResponse) -> Bool {
        lhs.status == rhs.status && lhs.fields.map(\.name) == rhs.fields.map(\.name)
            && lhs.fields.map(\.value) == rhs.fields.map(\.value)
            && lhs.body == rhs.body && lhs.closesConnection == rhs.closesConnection
    }

    /// The bytes on the wire.
    func serialized(keepAlive: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + body.count)
        out.append(contentsOf: "HTTP/1.1 \(status) \(Self.reason(status))\r\n".utf8)
        out.append(contentsOf: "Date: \(HTTPDate.now())\r\n".utf8)
        for field in fields { out.append(contentsOf: "\(field.name): \(field.value)\r\n".utf8) }
        out.append(contentsOf: "Content-Length: \(body.count)\r\n".utf8)
        out.append(contentsOf: (keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n").utf8)
        out.append(contentsOf: body)
        return out
    }

    /// The reason phrase (clients ignore it; people reading logs do not).
    static func reason(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 413: return "Content Too Large"
        case 414: return "URI Too Long"
        case 417: return "Expectation Failed"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 505: return "HTTP Version Not Supported"
        default: return "Status"
        }
    }
}
