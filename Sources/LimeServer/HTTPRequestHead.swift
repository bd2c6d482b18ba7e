/// A parsed request line and header block (RFC 9112 sections 3 and 5), with the framing of the
/// body already decided (section 6.3).
///
/// The parser is strict where leniency lets two parties read one request two ways: lines end in
/// CRLF (a bare CR or LF is an error), no whitespace between a field name and its colon, no
/// obs-fold (a line that begins with a space or tab), exactly one Host in HTTP/1.1,
/// Content-Length as digits only and never beside Transfer-Encoding, `chunked` as the final
/// and only transfer coding. Each refusal is an ``HTTPRequestError`` with its byte offset.
public struct HTTPRequestHead: Sendable, Equatable {
    /// How the body is delimited.
    public enum Framing: Sendable, Equatable {
        /// No body.
        case none
        /// Exactly this many bytes.
        case length(Int)
        /// The chunked transfer coding.
        case chunked
    }

    /// The method, as sent (methods are case-sensitive).
    public var method: String
    /// The request target (origin form: `/userlike?x=1`).
    public var target: String
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    public var minorVersion: Int
    /// Every field in order, names lower-cased, values without surrounding whitespace.
    public var fields: [(name: String, value: [UInt8])]
    /// The body's framing.
    public var framing: Framing
    /// Whether the client wants the connection kept open after the response.
    public var keepAlive: Bool
    /// Whether the client waits for `100 Continue` before it sends the body.
    public var expectsContinue: Bool

    /// The path of the target, without its query.
    public var path: Substring {
        target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    }

    /// The value of the first field named `name` (lower case), or nil.
    public func field(_ name: String) -> [UInt8]? { fields.first { $0.name == name }?.value }

    /// Equal when every part is (fields in order).
    public static func == (lhs: HTTPRequestHead, rhs: HTTPRequestHead) -> Bool {
        lhs.method == rhs.method && lhs.target == rhs.target && lhs.minorVersion == rhs.minorVersion
            && lhs.fields.map(\.name) == rhs.fields.map(\.name) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
            && lhs.framing == rhs.framing && lhs.keepAlive == rhs.keepAlive
            && lhs.expectsContinue == rhs.expectsContinue
    }

    /// Parses a complete head: the bytes up to and including the empty line that ends it.
    ///
    /// - Parameter bytes: the head, as found by ``HTTPHeadScanner``.
    /// - Throws: ``HTTPRequestError`` with status 400 (malformed), 501 (a transfer coding other
    ///   than chunked) or 505 (an HTTP version other than 1.0 and 1.1), and the byte offset.
    public static func parse(_ bytes: [UInt8]) throws(HTTPRequestError) -> HTTPRequestHead {
        var lines: [Range<Int>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            guard index > start, bytes[index - 1] == 0x0D else { throw bad("a line ends in a bare LF", index) }
            lines.append(start..<(index - 1))
            start = index + 1
        }
        // RFC 9112 section 2.2: empty lines before the request line are ignored.
        while let first = lines.first, first.isEmpty { lines.removeFirst() }
        guard let requestLine = lines.first, lines.last?.isEmpty == true else {
            throw bad("the head does not end with an empty line", bytes.count)
        }
        var head = try parseRequestLine(bytes, requestLine)
        var offsets: [Int] = []
        for line in lines.dropFirst().dropLast() {
            head.fields.append(try parseField(bytes, line))
            offsets.append(line.lowerBound)
        }
        try head.decideFraming(offsets: offsets)
        return head
    }

    // MARK: - Request line

    static func parseRequestLine(_ bytes: [UInt8], _ line: Range<Int>) throws(HTTPRequestError) -> HTTPRequestHead {
        var parts: [Range<Int>] = []
        var start = line.lowerBound
        for index in line {
            let byte = bytes[index]
            if byte == 0x20 {
                parts.append(start..<index)
                start = index + 1
            } else if byte < 0x21 || byte == 0x7F {
                throw bad("a control character or tab in the request line", index)
            }
        }
        parts.append(start..<line.upperBound)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
            throw bad("the request line is not METHOD SP TARGET SP HTTP-VERSION", line.lowerBound)
        }
        guard bytes[parts[0]].allSatisfy(isTokenByte) else {
            throw bad("the method is not a token", parts[0].lowerBound)
        }
        guard bytes[parts[1].lowerBound] == UInt8(ascii: "/") else {
            throw bad("the request target is not in origin form (/path)", parts[1].lowerBound)
        }
        let version = Array(bytes[parts[2]])
        let prefix = Array("HTTP/".utf8)
        guard version.count == 8, Array(version[0..<5]) == prefix, version[6] == UInt8(ascii: "."),
            (0x30...0x39).contains(version[5]), (0x30...0x39).contains(version[7])
        else { throw bad("the HTTP version is not HTTP/D.D", parts[2].lowerBound) }
        guard version[5] == UInt8(ascii: "1"), version[7] <= UInt8(ascii: "1") else {
            throw HTTPRequestError(
                status: 505, message: "only HTTP/1.0 and HTTP/1.1 are supported", offset: parts[2].lowerBound)
        }
        let minor = Int(version[7] - 0x30)
        return HTTPRequestHead(
            method: String(decoding: bytes[parts[0]], as: UTF8.self),
            target: String(decoding: bytes[parts[1]], as: UTF8.self),
            minorVersion: minor, fields: [], framing: .none, keepAlive: minor == 1, expectsContinue: false)
    }

    // MARK: - Fields

    static func parseField(_ bytes: [UInt8], _ line: Range<Int>) throws(HTTPRequestError) -> (
        name: String, value: [UInt8]
    ) {
        let first = bytes[line.lowerBound]
        if first == 0x20 || first == 0x09 {
            throw bad("obs-fold (a header line that begins with whitespace) is not accepted", line.lowerBound)
        }
        guard let colon = bytes[line].firstIndex(of: UInt8(ascii: ":")) else {
            throw bad("a header line without ':'", line.lowerBound)
        }
        guard colon > line.lowerBound else { throw bad("a header field with an empty name", colon) }
        for index in line.lowerBound..<colon where !isTokenByte(bytes[index]) {
            let byte = bytes[index]
            throw bad(
                byte == 0x20 || byte == 0x09
                    ? "whitespace before ':' in a header field" : "a header field name that is not a token", index)
        }
        var low = colon + 1
        var high = line.upperBound
        while low < high && (bytes[low] == 0x20 || bytes[low] == 0x09) { low += 1 }
        while high > low && (bytes[high - 1] == 0x20 || bytes[high - 1] == 0x09) { high -= 1 }
        for index in low..<high {
            let byte = bytes[index]
            if (byte < 0x20 && byte != 0x09) || byte == 0x7F {
                throw bad("a control character in a header value", index)
            }
        }
        let name = String(
            decoding: bytes[line.lowerBound..<colon].map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 | 0x20 : $0 }, as: UTF8.self)
        return (name, Array(bytes[low..<high]))
    }

    /// Whether `byte` may stand in a field name (a token character, RFC 9110 section 5.6.2).
    public static func isFieldNameByte(_ byte: UInt8) -> Bool { isTokenByte(byte) }

    /// RFC 9110 section 5.6.2: `tchar`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    static func bad(_ message: String, _ offset: Int) -> HTTPRequestError {
        HTTPRequestError(status: 400, message: message, offset: offset)
    }
}
