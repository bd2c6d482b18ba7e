import Foundation
import LimeMapping
import LimeSender
import LimeServer
import LimeTestSupport
import LimeURLSession

/// An ``AddOnServer`` on a loopback port, delivering to a loopback Lime test server, with a
/// spool in a temporary directory.
final class ServerHarness: @unchecked Sendable {
    static let secret = "test-secret-4b1d9e0c77"
    static let seed = try! Array(
        Data(
            contentsOf: FixturePaths.seedConversation))

    let lime: LimeTestServer
    let server: AddOnServer
    let directory: String
    var port: UInt16 { server.port }

    init(
        faultRate: Double = 0, faults: String = LimeTestServer.allFaults, directory: String? = nil,
        mapping: MappingConfiguration = .standard,
        configure: (inout AddOnServer.Options) -> Void = { _ in }
    ) throws {
        lime = try LimeTestServer(faultRate: faultRate, faults: faults, slowSeconds: 1.2, seed: 3)
        self.directory =
            directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID())").path
        var options = AddOnServer.Options()
        options.limits.idleTimeout = 5
        configure(&options)
        let client = LimeClient(
            endpoint: try LimeEndpoint(lime.url), key: try LimeAPIKey(LimeTestServer.defaultKey),
            transport: try StandardTransport.make(timeout: 1),
            policy: RetryPolicy(maximumAttempts: 30, baseDelay: 0.01, maximumDelay: 0.3),
            limiter: RateLimiter(perSecond: 2000, burst: 100))
        let spool = try DeliverySpool(directory: self.directory)
        let sender = LimeSender(
            client: client, journal: try Journal(path: self.directory + "/journal.ndjson"),
            deadLetters: DeadLetters(path: self.directory + "/dead.ndjson"),
            concurrency: options.workers)
        server = try AddOnServer(
            host: "127.0.0.1", port: 0, options: options, secret: try SharedSecret(Self.secret),
            mapper: LimeMapper(configuration: mapping), sender: sender, spool: spool)
    }

    deinit {
        server.drain(timeout: 2)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// POSTs a payload with the secret (or `fields` instead).
    func post(_ body: [UInt8], fields: [(String, String)]? = nil) throws -> HTTPTestClient.Response {
        try HTTPTestClient.request(
            port: port, "POST", "/userlike",
            fields: fields ?? [("API-SECURITY-TOKEN", Self.secret), ("Content-Type", "application/json")], body: body)
    }

    /// Sends raw bytes on a new connection; the response and whether the server closed after it.
    func raw(_ bytes: String) throws -> (response: HTTPTestClient.Response, closed: Bool) {
        let client = try HTTPTestClient(port: port)
        try client.send(bytes)
        let response = try client.readResponse()
        return (response, client.isClosedByServer(within: 2))
    }

    /// A chunked body: `payload` cut into chunks of the given sizes (cycled), with an extension on
    /// some chunk lines and a trailer field.
    static func chunked(_ payload: [UInt8], sizes: [Int]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        var turn = 0
        while index < payload.count {
            let size = min(sizes[turn % sizes.count], payload.count - index)
            out += Array(
                (String(size, radix: 16, uppercase: turn % 2 == 0) + (turn % 3 == 0 ? ";ext=\"a b\"" : "") + "\r\n")
                    .utf8)
            out += payload[index..<(index + size)]
            out += [0x0D, 0x0A]
            index += size
            turn += 1
        }
        out += Array("0\r\nX-Trailer: yes\r\n\r\n".utf8)
        return out
    }
}
