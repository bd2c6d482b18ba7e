import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The serve workload's load generator: keep-alive connections over loopback, one thread each,
/// each sending the same POST again and again and timing every answer from the first byte sent
/// to the last byte read.
final class LoadClient: @unchecked Sendable {
    let port: UInt16
    let request: [UInt8]
    private let lock = NSLock()
    private var latencies: [Double] = []
    private var failures = 0

    init(port: UInt16, path: String, secret: String, body: [UInt8]) {
        self.port = port
        request =
            Array(
                "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAPI-SECURITY-TOKEN: \(secret)\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
                    .utf8) + body
    }

    /// A connected socket, or -1.
    static func connectLoopback(_ port: UInt16) -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result != 0 {
            close(descriptor)
            return -1
        }
        var one: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return descriptor
    }

    /// Runs `connections` connections for `seconds` after `warmup` seconds whose answers are not
    /// counted; returns requests per second, the latencies sorted, and failures.
    func run(connections: Int, seconds: Double, warmup: Double) -> (rate: Double, latencies: [Double], failures: Int) {
        let start = Date()
        let measureFrom = start.addingTimeInterval(warmup)
        let end = measureFrom.addingTimeInterval(seconds)
        let group = DispatchGroup()
        for _ in 0..<connections {
            group.enter()
            Thread.detachNewThread { [self] in
                loop(measureFrom: measureFrom, end: end)
                group.leave()
            }
        }
        group.wait()
        lock.lock()
        defer { lock.unlock() }
        return (Double(latencies.count) / seconds, latencies.sorted(), failures)
    }

    private func loop(measureFrom: Date, end: Date) {
        var descriptor = Self.connectLoopback(port)
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var mine: [Double] = []
        var failed = 0
        while Date() < end {
            if descriptor < 0 {
                failed += 1
                usleep(1000)
                descriptor = Self.connectLoopback(port)
                continue
            }
            let sent = Date()
            if !sendAll(descriptor) || !readResponse(descriptor, &buffer) {
                failed += 1
                close(descriptor)
                descriptor = Self.connectLoopback(port)
                continue
            }
            if sent >= measureFrom { mine.append(Date().timeIntervalSince(sent)) }
        }
        if descriptor >= 0 { close(descriptor) }
        lock.lock()
        latencies += mine
        failures += failed
        lock.unlock()
    }

    private func sendAll(_ descriptor: Int32) -> Bool {
        var sent = 0
        while sent < request.count {
            let count = request.withUnsafeBytes {
                send(descriptor, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            sent += count
        }
        return true
    }

    /// Reads one response (head and Content-Length body); true for a 200.
    private func readResponse(_ descriptor: Int32, _ buffer: inout [UInt8]) -> Bool {
        var have = 0
        var headEnd = -1
        var total = Int.max
        while have < total {
            if have == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress! + have, $0.count - have, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            have += count
            if headEnd < 0, let end = Self.headEnd(buffer, have) {
                headEnd = end
                let head = String(decoding: buffer[..<end], as: UTF8.self).lowercased()
                guard head.hasPrefix("http/1.1 200") else { return false }
                let length =
                    head.range(of: "content-length: ").map { Int(head[$0.upperBound...].prefix { $0.isNumber }) ?? 0 }
                    ?? 0
                total = end + length
            }
        }
        return true
    }

    static func headEnd(_ buffer: [UInt8], _ count: Int) -> Int? {
        guard count >= 4 else { return nil }
        for index in 3..<count
        where buffer[index] == 0x0A && buffer[index - 1] == 0x0D && buffer[index - 2] == 0x0A
            && buffer[index - 3] == 0x0D
        {
            return index + 1
        }
        return nil
    }
}
