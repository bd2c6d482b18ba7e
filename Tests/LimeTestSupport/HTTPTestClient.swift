import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A raw HTTP/1.1 client over a loopback socket, for the server tests: it sends exactly the bytes
/// it is given (malformed requests too, a byte at a time if asked) and reads responses back.
public final class HTTPTestClient: @unchecked Sendable {
    /// A response read back.
    public struct Response: Sendable {
        /// The status code.
        public var status: Int
        /// Fields, names lower-cased.
        public var fields: [String: String]
        /// The body.
        public var body: [UInt8]
        /// The body as text.
        public var text: String { String(decoding: body, as: UTF8.self) }
        /// The body as a JSON object.
        public var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        }
    }

    /// A client-side failure.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    let descriptor: Int32
    var buffer: [UInt8] = []

    /// Connects to `127.0.0.1:port`.
    public init(port: UInt16) throws {
        #if canImport(Glibc)
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(descriptor)
            throw Failure(description: "connect: \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(descriptor) }

    /// Sends bytes (all of them).
    public func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            #if canImport(Glibc)
                let flags = Int32(MSG_NOSIGNAL)
            #else
                let flags: Int32 = 0
            #endif
            let count = bytes.withUnsafeBytes {
                Foundation.send(descriptor, $0.baseAddress! + sent, $0.count - sent, flags)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "send: \(String(cString: strerror(errno)))")
            }
            sent += count
        }
    }

    /// Sends text.
    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Reads one response (a `100 Continue` before it is skipped unless `skippingContinue` is
    /// false) within `timeout` seconds.
    public func readResponse(timeout: Double = 10, skippingContinue: Bool = true) throws -> Response {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            while true {
                if let end = headEnd() {
                    let head = String(decoding: buffer[..<end], as: UTF8.self)
                    buffer.removeFirst(end)
                    var lines = head.components(separatedBy: "\r\n").filter { !$0.isEmpty }
                    let statusLine = lines.removeFirst().split(separator: " ")
                    guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
                        throw Failure(description: "bad status line in \(head)")
                    }
                    var fields: [String: String] = [:]
                    for line in lines {
                        guard let colon = line.firstIndex(of: ":") else { continue }
                        fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                            in: .whitespaces)
                    }
                    if status == 100 {
                        if !skippingContinue { return Response(status: 100, fields: fields, body: []) }
                        break
                    }
                    let length = Int(fields["content-length"] ?? "0") ?? 0
                    while buffer.count < length {
                        guard try fill(deadline) else { throw Failure(description: "closed in the body") }
                    }
                    let body = Array(buffer[..<length])
                    buffer.removeFirst(length)
                    return Response(status: status, fields: fields, body: body)
                }
                guard try fill(deadline) else {
                    throw Failure(description: "closed before a response (\(buffer.count) bytes)")
                }
            }
        }
    }

    /// Whether the server closed the connection (end of stream or reset) within `timeout` seconds,
    /// with nothing more sent.
    public func isClosedByServer(within timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        do {
            return try !fill(deadline) && buffer.isEmpty
        } catch {
            return (error as? Failure)?.description.hasPrefix("recv") == true
        }
    }

    private func headEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 3..<buffer.count
        where buffer[index] == 0x0A && buffer[index - 1] == 0x0D && buffer[index - 2] == 0x0A
            && buffer[index - 3] == 0x0D
        {
            return index + 1
        }
        return nil
    }

    /// Reads more; false at the end of the stream. Throws "timed out" at the deadline.
    private func fill(_ deadline: Date) throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw Failure(description: "timed out") }
            var fds = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fds, 1, Int32(left * 1000) + 1)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == ECONNRESET { return false }
                throw Failure(description: "recv: \(String(cString: strerror(errno)))")
            }
            if count == 0 { return false }
            buffer.append(contentsOf: chunk[..<count])
            return true
        }
    }

    /// One request on a fresh connection: `METHOD PATH`, the fields given, the body with its
    /// Content-Length, and the response.
    public static func request(
        port: UInt16, _ method: String, _ path: String, fields: [(String, String)] = [], body: [UInt8] = [],
        timeout: Double = 20
    ) throws -> Response {
        let client = try HTTPTestClient(port: port)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in fields { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        try client.send(Array((head + "\r\n").utf8) + body)
        return try client.readResponse(timeout: timeout)
    }
}

extension HTTPTestClient {
    /// Closes with a reset (SO_LINGER 0) instead of an orderly end of stream.
    public func resetNow() {
        var option = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        _ = shutdown(descriptor, Int32(SHUT_RDWR))
    }
}
