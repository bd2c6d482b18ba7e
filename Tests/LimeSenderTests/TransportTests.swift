import Foundation
import LimeSender
import LimeTestSupport
import LimeURLSession
import Testing

/// Each transport against the loopback server: answers, headers, errors, and creates that are
/// single-shot (never on a connection that carried a request before).
@Suite(.serialized) struct TransportTests {
    static func transports() throws -> [(String, any LimeTransport)] {
        var list: [(String, any LimeTransport)] = [("URLSession", URLSessionTransport(timeout: 2))]
        #if os(Linux)
            list.append(("curl", try CurlTransport(timeout: 2)))
        #endif
        return list
    }

    static let key = try! LimeAPIKey(LimeTestServer.defaultKey)

    @Test func answersHeadersAndBodies() throws {
        for (name, transport) in try Self.transports() {
            let server = try LimeTestServer()
            let endpoint = try LimeEndpoint(server.url)
            let created = try transport.send(
                LimeRequest(
                    method: "POST", url: endpoint.objects("person"), body: Array(#"{"email":"ü@example.com"}"#.utf8)),
                key: Self.key)
            #expect(created.status == 201, "\(name)")
            #expect(created.headers["content-type"] == "application/hal+json", "\(name)")
            let object = try JSONSerialization.jsonObject(with: Data(created.body)) as? [String: Any]
            #expect(object?["email"] as? String == "ü@example.com", "\(name)")
            let found = try transport.send(
                LimeRequest(method: "GET", url: endpoint.objects("person", query: [("email", "ü@example.com")])),
                key: Self.key)
            #expect(found.status == 200, "\(name)")
            #expect(String(decoding: found.body, as: UTF8.self).contains("\"_id\": 1001"), "\(name)")
            let missing = try transport.send(
                LimeRequest(method: "GET", url: URL(string: server.url + "/nothing/here")!), key: Self.key)
            #expect(missing.status == 404, "\(name)")
            let refused = try transport.send(
                LimeRequest(method: "GET", url: endpoint.objects("person")), key: try LimeAPIKey("wrong"))
            #expect(refused.status == 401, "\(name)")
        }
    }

    @Test func retryAfterIsRead() throws {
        for (name, transport) in try Self.transports() {
            let server = try LimeTestServer(faultRate: 1, faults: "429")
            let answer = try transport.send(
                LimeRequest(method: "GET", url: try LimeEndpoint(server.url).objects("person")), key: Self.key)
            #expect(answer.status == 429, "\(name)")
            #expect(["0", "1"].contains(answer.headers["retry-after"] ?? "none"), "\(name): \(answer.headers)")
        }
    }

    /// Lookups and creates interleaved, half of the creates answered before their body was read:
    /// every create arrives on a connection of its own, and no request arrives glued to a body.
    @Test func createsAreSingleShot() throws {
        for (name, transport) in try Self.transports() {
            let server = try LimeTestServer(faultRate: 0.5, faults: "early", seed: 5)
            let endpoint = try LimeEndpoint(server.url)
            for index in 0..<40 {
                _ = try transport.send(
                    LimeRequest(method: "GET", url: endpoint.objects("person", query: [("email", "\(index)")])),
                    key: Self.key)
                _ = try transport.send(
                    LimeRequest(
                        method: "POST", url: endpoint.objects("person"), body: Array(#"{"email":"\#(index)"}"#.utf8)),
                    key: Self.key)
            }
            #expect(try server.count("reused_posts") == 0, "\(name)")
            #expect(try server.count("glued_requests") == 0, "\(name)")
            #expect(try server.count("connections") >= 41, "\(name)")
        }
    }

    @Test func noAnswerIsATransportError() throws {
        for (name, transport) in try Self.transports() {
            #expect(throws: SenderError.self, "\(name)") {
                _ = try transport.send(
                    LimeRequest(method: "GET", url: URL(string: "http://127.0.0.1:9/app/api/v1/limeobject/person/")!),
                    key: Self.key)
            }
        }
    }
}
