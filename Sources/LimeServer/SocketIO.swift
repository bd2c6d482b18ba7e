import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The C calls by names of their own: inside `SocketIO` the bare names mean its methods. At file
// scope they are the C library's, whatever its module is called (Glibc, Darwin).
private func systemListen(_ descriptor: Int32, _ backlog: Int32) -> Int32 { listen(descriptor, backlog) }
private func systemAccept(_ descriptor: Int32) -> Int32 { accept(descriptor, nil, nil) }
private func systemSend(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int, _ flags: Int32) -> Int {
    send(descriptor, bytes, count, flags)
}

/// A socket call that failed, or a deadline that passed.
public struct SocketError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What happened.
    public enum Kind: Sendable, Equatable {
        /// The deadline passed before the socket was ready.
        case timedOut
        /// The call failed with this `errno`.
        case system(Int32)
    }

    /// The call (`recv`, `send`, `bind`, ...).
    public var call: String
    /// What happened.
    public var kind: Kind

    /// `recv: timed out`, or the call with the system's text for the error.
    public var description: String {
        switch kind {
        case .timedOut: return "\(call): timed out"
        case .system(let code): return "\(call): \(String(cString: strerror(code)))"
        }
    }
}

/// The POSIX socket calls of the server, in one place: every pointer handed to the C library is
/// made and used here. Accepted sockets are non-blocking and waited on with `poll` against a
/// deadline; every call is retried on `EINTR` (a signal that arrived during it); writes use
/// `MSG_NOSIGNAL` (and the server ignores SIGPIPE besides), so a peer that went away is an error
/// value, not the end of the process.
enum SocketIO {
    /// Calls interrupted by a signal and retried (the tests check that the path was taken).
    static let interruptions = LockedCounter()

    /// Seconds on the monotonic clock (never steps back with the wall clock).
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    // The constants whose types differ: Glibc imports these as enums, Darwin as plain integers
    // (and Darwin has no MSG_NOSIGNAL: accepted sockets get SO_NOSIGPIPE instead).
    #if canImport(Glibc)
        static let noSignal = Int32(MSG_NOSIGNAL)
        static let streamType = Int32(SOCK_STREAM.rawValue)
        static let openFilesLimit = Int32(RLIMIT_NOFILE.rawValue)
    #else
        static let noSignal: Int32 = 0
        static let streamType = SOCK_STREAM
        static let openFilesLimit = RLIMIT_NOFILE
    #endif

    /// A listening TCP socket on an IPv4 `host` (`127.0.0.1`, `0.0.0.0`) and `port` (0: any free
    /// one); returns the descriptor and the port it got.
    static func listen(host: String, port: UInt16, backlog: Int32) throws(SocketError) -> (
        descriptor: Int32, port: UInt16
    ) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw SocketError(call: "inet_pton \(host)", kind: .system(EINVAL))
        }
        let descriptor = socket(AF_INET, streamType, 0)
        guard descriptor >= 0 else { throw SocketError(call: "socket", kind: .system(errno)) }
        var one: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let code = errno
            close(descriptor)
            throw SocketError(call: "bind \(host):\(port)", kind: .system(code))
        }
        guard systemListen(descriptor, backlog) == 0 else {
            let code = errno
            close(descriptor)
            throw SocketError(call: "listen", kind: .system(code))
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        setNonBlocking(descriptor)
        return (descriptor, UInt16(bigEndian: actual.sin_port))
    }

    /// What ``accept(_:)`` got.
    enum Accepted {
        /// A connection, non-blocking with `TCP_NODELAY`.
        case connection(Int32)
        /// None is waiting (or it went away before it was taken).
        case none
        /// Out of descriptors or memory: taking more now would spin, so the caller waits.
        case exhausted
    }

    /// The next connection of a non-blocking listener.
    static func accept(_ listener: Int32) -> Accepted {
        while true {
            let descriptor = systemAccept(listener)
            if descriptor >= 0 {
                setNonBlocking(descriptor)
                var one: Int32 = 1
                _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                #if canImport(Darwin)
                    _ = setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
                #endif
                return .connection(descriptor)
            }
            switch errno {
            case EINTR: continue
            case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .exhausted
            default: return .none
            }
        }
    }

    /// Raises the soft limit of open descriptors towards the hard one so that `connections`
    /// sockets (and the files beside them) fit; a server must not meet `EMFILE` at 1,024.
    static func allowDescriptors(_ connections: Int) {
        var limit = rlimit()
        guard getrlimit(openFilesLimit, &limit) == 0 else { return }
        let wanted = rlim_t(connections + 256)
        guard limit.rlim_cur < wanted else { return }
        limit.rlim_cur = min(wanted, limit.rlim_max)
        _ = setrlimit(openFilesLimit, &limit)
    }

    static func setNonBlocking(_ descriptor: Int32) {
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
    }

    /// Waits until `descriptor` is readable (or `alsoReadable` is, which returns false), or throws
    /// ``SocketError/Kind/timedOut`` once `deadline` passed.
    @discardableResult
    static func waitReadable(_ descriptor: Int32, until deadline: Double, alsoReadable other: Int32 = -1)
        throws(SocketError) -> Bool
    {
        try wait(descriptor, events: Int16(POLLIN), until: deadline, alsoReadable: other)
    }

    static func wait(_ descriptor: Int32, events: Int16, until deadline: Double, alsoReadable other: Int32 = -1)
        throws(SocketError) -> Bool
    {
        var fds = [
            pollfd(fd: descriptor, events: events, revents: 0), pollfd(fd: other, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let left = deadline - now()
            guard left > 0 else { throw SocketError(call: "poll", kind: .timedOut) }
            let milliseconds = Int32(min(left * 1000 + 1, 3_600_000))
            let ready = poll(&fds, other >= 0 ? 2 : 1, milliseconds)
            if ready < 0 {
                if errno == EINTR {
                    interruptions.add()
                    continue
                }
                throw SocketError(call: "poll", kind: .system(errno))
            }
            if ready == 0 { continue }
            if fds[0].revents != 0 { return true }
            if other >= 0 && fds[1].revents != 0 { return false }
        }
    }

    /// Reads what is there (at most `buffer.count` bytes), waiting until `deadline` for some.
    ///
    /// - Returns: the number of bytes read; 0 when the peer closed its side.
    static func receive(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, until deadline: Double)
        throws(SocketError) -> Int
    {
        while true {
            let count = recv(descriptor, buffer.baseAddress, buffer.count, 0)
            if count >= 0 { return count }
            switch errno {
            case EINTR: interruptions.add()
            case EAGAIN, EWOULDBLOCK: try waitReadable(descriptor, until: deadline)
            default: throw SocketError(call: "recv", kind: .system(errno))
            }
        }
    }

    /// Writes all of `bytes`, waiting until `deadline` while the peer's window is full.
    static func send(_ descriptor: Int32, _ bytes: [UInt8], until deadline: Double) throws(SocketError) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes {
                systemSend(descriptor, $0.baseAddress! + sent, $0.count - sent, noSignal)
            }
            if count >= 0 {
                sent += count
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: _ = try wait(descriptor, events: Int16(POLLOUT), until: deadline)
            default: throw SocketError(call: "send", kind: .system(errno))
            }
        }
    }

    /// Closes a connection whose request may not have been read to its end: the write side is
    /// shut first and what the peer still sends is read and dropped for a moment, because closing
    /// with unread bytes makes the kernel answer with a reset, which can destroy the response
    /// before the peer read it.
    static func closeLingering(_ descriptor: Int32, seconds: Double = 1, bytes: Int = 1 << 20) {
        _ = shutdown(descriptor, Int32(SHUT_WR))
        let deadline = now() + seconds
        var scratch = [UInt8](repeating: 0, count: 16 << 10)
        var dropped = 0
        while dropped < bytes {
            let count = scratch.withUnsafeMutableBytes { try? receive(descriptor, into: $0, until: deadline) }
            guard let count, count > 0 else { break }
            dropped += count
        }
        close(descriptor)
    }

    /// A pipe whose read end becomes readable for good once ``signal(_:)`` wrote to it: a wake-up
    /// every idle connection's `poll` includes, so a drain reaches them all at once.
    static func makeBroadcastPipe() -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return (-1, -1) }
        return (ends[0], ends[1])
    }

    static func signal(_ pipeWrite: Int32) {
        var byte: UInt8 = 1
        while write(pipeWrite, &byte, 1) < 0 && errno == EINTR {}
    }
}
