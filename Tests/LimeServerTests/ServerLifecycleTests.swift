import Foundation
import LimeTestSupport
import Testing

@testable import LimeServer

#if canImport(Glibc)
    import Glibc
#endif

/// Limits and life cycle: the connection limit, signals in the middle of a call, drain.
@Suite(.serialized) struct ServerLifecycleTests {
    @Test func connectionsOverTheLimitGet503() throws {
        let harness = try ServerHarness { $0.limits.maximumConnections = 3 }
        let idle = try (0..<3).map { _ in try HTTPTestClient(port: harness.port) }
        // Let the acceptor count them.
        let deadline = Date().addingTimeInterval(5)
        while harness.server.metrics.responses(503) == 0 && Date() < deadline {
            let extra = try HTTPTestClient(port: harness.port)
            try? extra.send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")
            if let response = try? extra.readResponse(timeout: 1) {
                if response.status == 503 { break }
                usleep(20_000)
            }
        }
        #expect(harness.server.metrics.responses(503) >= 1)
        // One closes: a new connection is served again.
        _ = idle.first.map { $0.resetNow() }
        let later = Date().addingTimeInterval(5)
        var status = 0
        while status != 200 && Date() < later {
            status = (try? HTTPTestClient.request(port: harness.port, "GET", "/healthz", timeout: 2).status) ?? 0
            if status != 200 { usleep(50_000) }
        }
        #expect(status == 200)
        withExtendedLifetime(idle) {}
    }

    @Test func signalsInTheMiddleOfACallAreRetried() throws {
        // A handler without SA_RESTART: a blocked poll or recv returns EINTR on each signal.
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        action.sa_flags = 0
        sigemptyset(&action.sa_mask)
        sigaction(SIGUSR2, &action, nil)
        var ends: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        SocketIO.setNonBlocking(ends[0])
        defer {
            close(ends[0])
            close(ends[1])
        }
        let before = SocketIO.interruptions.value
        final class Outcome: @unchecked Sendable {
            var bytes: [UInt8] = []
            var error: SocketError?
            var thread = pthread_t()
            let started = DispatchSemaphore(value: 0)
            let done = DispatchSemaphore(value: 0)
            /// The thread stays alive until the signals are all sent: a thread that ended could
            /// hand its id to another thread of the test process, which would get them instead.
            let mayEnd = DispatchSemaphore(value: 0)
        }
        let outcome = Outcome()
        let reader = ends[0]
        Thread.detachNewThread {
            // Whatever mask the thread inherited, this signal reaches it.
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGUSR2)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            outcome.thread = pthread_self()
            outcome.started.signal()
            var buffer = [UInt8](repeating: 0, count: 16)
            let result = buffer.withUnsafeMutableBytes { raw in
                Result { () throws(SocketError) in try SocketIO.receive(reader, into: raw, until: SocketIO.now() + 10) }
            }
            switch result {
            case .success(let count): outcome.bytes = Array(buffer[..<count])
            case .failure(let error): outcome.error = error
            }
            pthread_sigmask(SIG_BLOCK, &set, nil)
            outcome.done.signal()
            outcome.mayEnd.wait()
        }
        outcome.started.wait()
        for _ in 0..<50 {
            pthread_kill(outcome.thread, SIGUSR2)
            usleep(5_000)
        }
        var byte: UInt8 = 42
        _ = write(ends[1], &byte, 1)
        outcome.done.wait()
        outcome.mayEnd.signal()
        #expect(outcome.error == nil)
        #expect(outcome.bytes == [42])
        #expect(SocketIO.interruptions.value > before, "no call was interrupted: the test did not test")
    }

    @Test func drainAnswersWhatIsInProgressAndClosesIdleConnections() throws {
        let harness = try ServerHarness()
        let idle = try HTTPTestClient(port: harness.port)
        try idle.send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(try idle.readResponse().status == 200)
        // A request half sent when the drain begins.
        let busy = try HTTPTestClient(port: harness.port)
        let seed = ServerHarness.seed
        try busy.send(
            Array(
                "POST /userlike HTTP/1.1\r\nHost: a\r\nAPI-SECURITY-TOKEN: \(ServerHarness.secret)\r\nContent-Length: \(seed.count)\r\n\r\n"
                    .utf8) + seed[..<100])
        usleep(100_000)
        let drained = DispatchSemaphore(value: 0)
        let server = harness.server
        DispatchQueue.global().async {
            server.drain(timeout: 10)
            drained.signal()
        }
        #expect(idle.isClosedByServer(within: 2), "the idle connection was not closed")
        #expect(throws: (any Error).self, "still accepting") {
            _ = try HTTPTestClient.request(port: harness.port, "GET", "/healthz", timeout: 2)
        }
        try busy.send(Array(seed[100...]))
        let response = try busy.readResponse()
        #expect(response.status == 200)
        #expect(response.fields["connection"] == "close")
        #expect(drained.wait(timeout: .now() + 10) == .success)
        #expect(try harness.lime.historyConversationIDs() == ["63741936"])
    }
}
