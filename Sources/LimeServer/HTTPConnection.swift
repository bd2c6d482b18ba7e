#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One client connection, served on a thread of its own: requests one after another (keep-alive,
/// pipelined ones too), each head under its deadline, each response written under the write
/// deadline.
final class HTTPConnection {
    /// What waiting for the next request gave.
    enum Next {
        case head(HTTPRequestHead)
        /// The peer closed, stayed idle too long, or the server drains: close quietly.
        case closed
        /// A head that is refused (the connection closes after the answer).
        case refused(HTTPRequestError)
    }

    let descriptor: Int32
    let limits: HTTPServerLimits
    /// A pipe that becomes readable when the server drains (see ``SocketIO/makeBroadcastPipe()``).
    let drainSignal: Int32
    var input = InputBuffer()

    init(descriptor: Int32, limits: HTTPServerLimits, drainSignal: Int32) {
        self.descriptor = descriptor
        self.limits = limits
        self.drainSignal = drainSignal
    }

    /// Waits for the next request's head: up to the idle timeout for its first byte, then up to
    /// the header timeout for the rest (a client that trickles a head, slowloris, is cut off
    /// there, with 408).
    func nextHead() -> Next {
        if input.isEmpty {
            input.release()
            do throws(SocketError) {
                guard
                    try SocketIO.waitReadable(
                        descriptor, until: SocketIO.now() + limits.idleTimeout, alsoReadable: drainSignal)
                else {
                    return .closed
                }
            } catch {
                return .closed
            }
        }
        let deadline = SocketIO.now() + limits.headerTimeout
        var scanned = 0
        while true {
            // Empty lines before a request line are ignored (RFC 9112 section 2.2).
            while input.count >= 2 && input[0] == 0x0D && input[1] == 0x0A {
                input.consume(2)
                scanned = 0
            }
            if let end = headEnd(from: &scanned) {
                if end > limits.maximumHeadBytes { return .refused(tooLarge()) }
                do throws(HTTPRequestError) {
                    return .head(try HTTPRequestHead.parse(input.take(end)))
                } catch {
                    return .refused(error)
                }
            }
            if input.count > limits.maximumHeadBytes { return .refused(tooLarge()) }
            do throws(SocketError) {
                let read = try input.fill(from: descriptor, until: deadline)
                if read == 0 {
                    return input.isEmpty
                        ? .closed
                        : .refused(
                            HTTPRequestError(
                                status: 400, message: "the connection ended in the request head", offset: input.count))
                }
            } catch {
                if error.kind == .timedOut {
                    return .refused(
                        HTTPRequestError(
                            status: 408, message: "the request head did not arrive within \(limits.headerTimeout) s",
                            offset: input.count))
                }
                return .closed
            }
        }
    }

    /// 414 when the request line alone is over the limit, else 431.
    private func tooLarge() -> HTTPRequestError {
        let lineEnd = input.firstIndex(of: 0x0A, from: 0) ?? input.count
        if lineEnd > limits.maximumHeadBytes {
            return HTTPRequestError(
                status: 414, message: "the request line is longer than \(limits.maximumHeadBytes) bytes", offset: 0)
        }
        return HTTPRequestError(
            status: 431, message: "the request head is larger than \(limits.maximumHeadBytes) bytes", offset: lineEnd)
    }

    /// The length of the head, once its empty line is in: after LF CR LF, or after LF LF (which
    /// the parser then refuses as bare line feeds instead of waiting for a CRLF never to come).
    private func headEnd(from scanned: inout Int) -> Int? {
        while let feed = input.firstIndex(of: 0x0A, from: scanned) {
            scanned = feed + 1
            if feed >= 1 && input[feed - 1] == 0x0A { return feed + 1 }
            if feed >= 2 && input[feed - 1] == 0x0D && input[feed - 2] == 0x0A { return feed + 1 }
        }
        return nil
    }

    func sendContinue() throws(HTTPRequestError) {
        do throws(SocketError) {
            try SocketIO.send(
                descriptor, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8), until: SocketIO.now() + limits.writeTimeout)
        } catch {
            throw HTTPRequestError(status: 400, message: "writing 100 Continue failed: \(error)", offset: 0)
        }
    }

    func write(_ response: HTTPResponse, keepAlive: Bool) -> Bool {
        do throws(SocketError) {
            try SocketIO.send(
                descriptor, response.serialized(keepAlive: keepAlive), until: SocketIO.now() + limits.writeTimeout)
            return true
        } catch {
            return false
        }
    }
}
