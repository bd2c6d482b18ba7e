import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small HTTP/1.1 server on POSIX sockets: one acceptor thread, one thread per connection
/// (up to ``HTTPServerLimits/maximumConnections``; one more is answered 503 and closed), each
/// request handed to `handler` with its head and its body as a stream.
///
/// A thread per connection keeps the body a pull stream for the export reader, with no state
/// machine between them; idle connections cost a blocked thread with a small stack (measured:
/// README "limestream serve"). Drain (``drain(timeout:)``) stops accepting, closes idle
/// connections at once and lets requests in progress finish, their connections closed after.
public final class HTTPServer: @unchecked Sendable {
    /// Handles one request. The body may be read in full, in part or not at all; what is left
    /// unread closes the connection after the response.
    public typealias Handler = @Sendable (HTTPRequestHead, HTTPBody) -> HTTPResponse

    let limits: HTTPServerLimits
    let maximumBody: Int
    let handler: Handler
    /// Called with each response's status (parse refusals and 503s for connections over the limit
    /// included), for metrics.
    let observer: @Sendable (Int) -> Void
    private let listener: Int32
    /// The port listened on.
    public let port: UInt16
    private let drainPipe: (read: Int32, write: Int32)
    private let lock = NSCondition()
    private var open = 0
    private var draining = false
    private var acceptorDone = false
    private var refused = 0

    /// Binds `host:port` (port 0: a free one, see ``port``) and starts accepting.
    ///
    /// - Parameters:
    ///   - maximumBody: the largest body, for bodies a handler only discards.
    /// - Throws: ``SocketError`` when the address cannot be bound.
    public init(
        host: String, port: UInt16, limits: HTTPServerLimits = HTTPServerLimits(), maximumBody: Int = 1 << 20,
        observer: @escaping @Sendable (Int) -> Void = { _ in }, handler: @escaping Handler
    ) throws(SocketError) {
        // A peer that closes while we write must be an EPIPE, never the end of the process.
        signal(SIGPIPE, SIG_IGN)
        SocketIO.allowDescriptors(limits.maximumConnections)
        self.limits = limits
        self.maximumBody = maximumBody
        self.handler = handler
        self.observer = observer
        (listener, self.port) = try SocketIO.listen(host: host, port: port, backlog: 1024)
        drainPipe = SocketIO.makeBroadcastPipe()
        guard ThreadStarter.detach(stackBytes: limits.threadStackBytes, { [self] in acceptLoop() }) else {
            close(listener)
            throw SocketError(call: "pthread_create", kind: .system(EAGAIN))
        }
    }

    /// Connections open now.
    public var openConnections: Int {
        lock.lock()
        defer { lock.unlock() }
        return open
    }

    /// Connections refused because the limit was reached.
    public var refusedConnections: Int {
        lock.lock()
        defer { lock.unlock() }
        return refused
    }

    /// Stops accepting, closes idle connections, waits up to `timeout` seconds for requests in
    /// progress to be answered; true when every connection was closed in time.
    @discardableResult
    public func drain(timeout: Double) -> Bool {
        lock.lock()
        if !draining {
            draining = true
            SocketIO.signal(drainPipe.write)
        }
        let deadline = Date().addingTimeInterval(timeout)
        while (open > 0 || !acceptorDone) && lock.wait(until: deadline) {}
        let done = open == 0
        lock.unlock()
        return done
    }

    var isDraining: Bool {
        lock.lock()
        defer { lock.unlock() }
        return draining
    }

    private func acceptLoop() {
        while true {
            do throws(SocketError) {
                guard try SocketIO.waitReadable(listener, until: SocketIO.now() + 3600, alsoReadable: drainPipe.read)
                else { break }
            } catch {
                if case .system = error.kind { usleep(10_000) }
                continue
            }
            // Once a drain has begun, no connection is taken, not even one already in the backlog:
            // the listener and the drain signal can be readable at once, and the drain must win.
            if isDraining { break }
            accepting: while !isDraining {
                switch SocketIO.accept(listener) {
                case .connection(let descriptor): admit(descriptor)
                case .none: break accepting
                case .exhausted:
                    // The connection waits in the backlog until a descriptor is free.
                    usleep(50_000)
                    break accepting
                }
            }
        }
        close(listener)
        lock.lock()
        acceptorDone = true
        lock.broadcast()
        lock.unlock()
    }

    private func admit(_ descriptor: Int32) {
        lock.lock()
        let admitted = open < limits.maximumConnections
        if admitted { open += 1 } else { refused += 1 }
        lock.unlock()
        guard admitted else {
            // Over the limit: said in one non-blocking write, never waited on.
            let response = HTTPResponse.json(
                503, Array(#"{"error":"too many connections"}"#.utf8), closesConnection: true)
            try? SocketIO.send(descriptor, response.serialized(keepAlive: false), until: SocketIO.now() + 0.05)
            observer(503)
            _ = shutdown(descriptor, Int32(SHUT_WR))
            close(descriptor)
            return
        }
        let started = ThreadStarter.detach(stackBytes: limits.threadStackBytes) { [self] in
            serve(HTTPConnection(descriptor: descriptor, limits: limits, drainSignal: drainPipe.read))
            finished()
        }
        if !started {
            close(descriptor)
            finished()
        }
    }

    private func finished() {
        lock.lock()
        open -= 1
        lock.broadcast()
        lock.unlock()
    }

    private func serve(_ connection: HTTPConnection) {
        var lingering = false
        defer {
            if lingering { SocketIO.closeLingering(connection.descriptor) } else { close(connection.descriptor) }
        }
        while true {
            switch connection.nextHead() {
            case .closed: return
            case .refused(let error):
                observer(error.status)
                _ = connection.write(.refusal(error), keepAlive: false)
                lingering = true
                return
            case .head(let head):
                let body = HTTPBody(
                    connection: connection, head: head, maximum: maximumBody,
                    deadline: SocketIO.now() + limits.bodyTimeout)
                var response = handler(head, body)
                if let failure = body.failure { response = .refusal(failure) }
                let keepAlive = head.keepAlive && body.isComplete && !response.closesConnection && !isDraining
                observer(response.status)
                guard connection.write(response, keepAlive: keepAlive), keepAlive else {
                    lingering = !body.isComplete
                    return
                }
            }
        }
    }
}
