import Foundation
import LimeServer
import LimeTestSupport
import Testing

/// The server's HTTP hygiene over loopback, with a raw client: every malformed request is refused
/// with its status and the connection closed; well-formed ones keep it open.
@Suite(.serialized) struct HTTPHygieneTests {
    /// A server (and Lime test server) per test, stopped when the test ends.
    let harness: ServerHarness

    init() throws {
        harness = try ServerHarness { options in
            options.limits.headerTimeout = 1
            options.limits.bodyTimeout = 1
            options.limits.maximumHeadBytes = 4096
            options.maximumBody = 64 << 10
        }
    }

    func refused(
        _ request: String, _ status: Int, _ message: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let (response, closed) = try harness.raw(request)
        #expect(response.status == status, "\(response.text)", sourceLocation: sourceLocation)
        #expect(response.fields["connection"] == "close", sourceLocation: sourceLocation)
        #expect(closed, "the connection stayed open", sourceLocation: sourceLocation)
        if let message { #expect(response.text.contains(message), "\(response.text)", sourceLocation: sourceLocation) }
    }

    static let secretField = "API-SECURITY-TOKEN: \(ServerHarness.secret)\r\n"

    @Test func everyMalformedHeadIsRefusedAndClosed() throws {
        try refused(
            "GET /healthz HTTP/1.1\r\nHost : a\r\n\r\n", 400, "whitespace before ':' in a header field (byte 27)")
        try refused("GET /healthz HTTP/1.1\r\nHost: a\r\nX: b\r\n c\r\n\r\n", 400, "obs-fold")
        try refused("GET /healthz HTTP/1.1\r\nX: b\r\n\r\n", 400, "without Host")
        try refused("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "more than one Host")
        try refused(
            "POST /userlike HTTP/1.1\r\nHost: a\r\n\(Self.secretField)Content-Length: +5\r\n\r\n{}   ", 400,
            "Content-Length is not a run of digits")
        try refused(
            "POST /userlike HTTP/1.1\r\nHost: a\r\n\(Self.secretField)Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
            400, "both Content-Length and Transfer-Encoding")
        try refused(
            "POST /userlike HTTP/1.1\r\nHost: a\r\n\(Self.secretField)Content-Length: 2\r\nContent-Length: 3\r\n\r\n{} ",
            400, "differ")
        try refused(
            "POST /userlike HTTP/1.1\r\nHost: a\r\n\(Self.secretField)Transfer-Encoding: chunked, identity\r\n\r\n",
            400, "chunked is not the final")
        try refused("POST /userlike HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501)
        try refused("GET /healthz HTTP/1.1\nHost: a\n\n", 400, "bare LF")
        try refused("GET /healthz HTTP/3.0\r\nHost: a\r\n\r\n", 505)
    }

    @Test func headerBlockLimit() throws {
        try refused("GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: \(String(repeating: "a", count: 5000))\r\n\r\n", 431)
        try refused("GET /\(String(repeating: "a", count: 5000)) HTTP/1.1\r\nHost: a\r\n\r\n", 414)
    }

    @Test func badChunksAreRefused() throws {
        let start = "POST /userlike HTTP/1.1\r\nHost: a\r\n\(Self.secretField)Transfer-Encoding: chunked\r\n\r\n"
        try refused(start + "zz\r\n{}\r\n0\r\n\r\n", 400, "a chunk size that is not hexadecimal (byte 0)")
        try refused(start + "2\r\n{}XX0\r\n\r\n", 400, "chunk data not followed by CRLF (byte 5)")
        try refused(start + "2 junk\r\n{}\r\n0\r\n\r\n", 400)
        try refused(start + "2x\r\n{}\r\n0\r\n\r\n", 400, "junk after a chunk size")
        try refused(
            start + "11000\r\n" + String(repeating: " ", count: 0x11000) + "\r\n0\r\n\r\n", 413,
            "the body is larger than 65536 bytes")
    }

    @Test func plainAndChunkedBodiesOnOneKeptAliveConnection() throws {
        let client = try HTTPTestClient(port: harness.port)
        let seed = ServerHarness.seed
        try client.send(
            Array("POST /userlike HTTP/1.1\r\nHost: a\r\n\(Self.secretField)Content-Length: \(seed.count)\r\n\r\n".utf8)
                + seed)
        let plain = try client.readResponse()
        #expect(plain.status == 200)
        #expect(plain.fields["connection"] == "keep-alive")
        let url = try #require(plain.json["url"] as? String)
        #expect(url.hasPrefix(harness.lime.url + "/api/v1/limeobject/history/"))
        // The same payload chunked, pipelined with a GET behind it: both answered, in order.
        let chunked = ServerHarness.chunked(seed, sizes: [1, 7, 300, 4096, 2])
        try client.send(
            Array("POST /userlike HTTP/1.1\r\nHost: a\r\n\(Self.secretField)Transfer-Encoding: chunked\r\n\r\n".utf8)
                + chunked + Array("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        let again = try client.readResponse()
        #expect(again.status == 200)
        #expect(again.json["url"] as? String == url, "a re-sent conversation finds its history: \(again.text)")
        let health = try client.readResponse()
        #expect(health.status == 200)
        #expect(health.json["spool"] as? String == "writable")
        #expect(try harness.lime.historyConversationIDs().filter { $0 == "63741936" }.count == 1)
    }

    @Test func expectContinueIsAnsweredOnlyWhenTheBodyIsWanted() throws {
        // The secret is right: 100 Continue comes before the body is sent.
        let wanted = try HTTPTestClient(port: harness.port)
        let seed = ServerHarness.seed
        try wanted.send(
            "POST /userlike HTTP/1.1\r\nHost: a\r\n\(Self.secretField)Expect: 100-continue\r\nContent-Length: \(seed.count)\r\n\r\n"
        )
        #expect(try wanted.readResponse(timeout: 5, skippingContinue: false).status == 100)
        try wanted.send(seed)
        #expect(try wanted.readResponse().status == 200)
        // It is wrong: 401 at once, no 100, and the connection closed.
        let client = try HTTPTestClient(port: harness.port)
        try client.send(
            "POST /userlike HTTP/1.1\r\nHost: a\r\nAPI-SECURITY-TOKEN: wrong-secret-000000000\r\nExpect: 100-continue\r\nContent-Length: 9000\r\n\r\n"
        )
        let refusal = try client.readResponse(skippingContinue: false)
        #expect(refusal.status == 401)
        #expect(client.isClosedByServer(within: 3))
    }

    @Test func slowlorisIsCutOffWhileOthersAreServed() throws {
        let slow = try HTTPTestClient(port: harness.port)
        let started = Date()
        // A byte every 200 ms: never a whole head within the 1 s header deadline.
        let trickle = Thread {
            for byte in "GET /healthz HTTP/1.1\r\nHost: a\r\nX: aaaaaaaaaaaa".utf8 {
                if (try? slow.send([byte])) == nil { return }
                usleep(200_000)
            }
        }
        trickle.start()
        let other = try HTTPTestClient.request(port: harness.port, "GET", "/healthz")
        #expect(other.status == 200)
        let response = try slow.readResponse(timeout: 5)
        #expect(response.status == 408)
        #expect(Date().timeIntervalSince(started) < 2.5)
        // A body that trickles is cut off by the body deadline.
        let body = try HTTPTestClient(port: harness.port)
        try body.send("POST /userlike HTTP/1.1\r\nHost: a\r\n\(Self.secretField)Content-Length: 100\r\n\r\n{\"id\":")
        #expect(try body.readResponse(timeout: 5).status == 408)
    }

    @Test func aHeadSentAByteAtATimeAfterEmptyLines() throws {
        let client = try HTTPTestClient(port: harness.port)
        for byte in "\r\n\r\nGET /healthz HTTP/1.1\r\nHost: a\r\n\r\n".utf8 {
            try client.send([byte])
            usleep(2_000)
        }
        #expect(try client.readResponse().status == 200)
    }

    @Test func idleKeepAliveConnectionsAreClosed() throws {
        let client = try HTTPTestClient(port: harness.port)
        try client.send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        #expect(!client.isClosedByServer(within: 2), "closed before the idle timeout")
        #expect(client.isClosedByServer(within: 6), "still open after the idle timeout")
    }

    @Test func aPeerThatResetsDoesNotStopTheServer() throws {
        // The client sends a request and resets the connection at once: the answer meets EPIPE or
        // ECONNRESET (MSG_NOSIGNAL, SIGPIPE ignored), and the server carries on.
        for _ in 0..<20 {
            let client = try HTTPTestClient(port: harness.port)
            try client.send("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n")
            client.resetNow()
        }
        #expect(try HTTPTestClient.request(port: harness.port, "GET", "/healthz").status == 200)
    }

    @Test func routesAndMethods() throws {
        #expect(try HTTPTestClient.request(port: harness.port, "GET", "/nothing").status == 404)
        let wrong = try HTTPTestClient.request(port: harness.port, "GET", "/userlike")
        #expect(wrong.status == 405)
        #expect(wrong.fields["allow"] == "POST")
        let metrics = try HTTPTestClient.request(port: harness.port, "GET", "/metrics")
        #expect(metrics.fields["content-type"]?.hasPrefix("text/plain") == true)
        #expect(metrics.text.contains("limestream_spool_depth "))
        #expect(metrics.text.contains("limestream_request_seconds_bucket{le=\"+Inf\"}"))
        // Every response carries Date, as an IMF-fixdate within a few seconds of now.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let date = try #require(metrics.fields["date"].flatMap { formatter.date(from: $0) })
        #expect(abs(date.timeIntervalSinceNow) < 5)
    }
}
