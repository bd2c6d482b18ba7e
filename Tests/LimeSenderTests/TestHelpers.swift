import Foundation
import LimeMapping
import LimeSender
import LimeTestSupport
import LimeURLSession
import LimeUserlike

/// What the sender suites share: a patiently configured sender for the loopback test server,
/// planned sample conversations and temporary paths.
enum SenderTestSupport {
    /// Patient settings: the tests share two cores with other suites, so a request may wait.
    static func sender(
        _ server: LimeTestServer, journal: String, deadLetters: String, timeout: Double = 1, concurrency: Int = 4
    ) throws -> LimeSender {
        let client = LimeClient(
            endpoint: try LimeEndpoint(server.url), key: try LimeAPIKey(LimeTestServer.defaultKey),
            transport: try StandardTransport.make(timeout: timeout),
            policy: RetryPolicy(maximumAttempts: 30, baseDelay: 0.01, maximumDelay: 0.5),
            limiter: RateLimiter(perSecond: 2000, burst: 100))
        return LimeSender(
            client: client, journal: try Journal(path: journal), deadLetters: DeadLetters(path: deadLetters),
            concurrency: concurrency)
    }

    /// `count` planned conversations with ids from `firstID`, one message each; conversation
    /// `index` has contact `contact(index)` (`Person n`, `pn@example.com`), that contact's company
    /// `company(index)` and the operator `operatorEmail(index)`.
    static func plans(
        _ count: Int, firstID: Int, contact: (Int) -> Int, company: (Int) -> Int,
        operatorEmail: (Int) -> String = { _ in "op@example.com" }
    ) throws -> [LimePlan] {
        let mapper = LimeMapper()
        return try (0..<count).map { index in
            let conversation = Conversation(
                fields: [
                    .id: .number(String(firstID + index)), .createdAt: .string("2024-02-22T15:48:45.349Z"),
                    .operatorEmail: .string(operatorEmail(index)),
                ],
                contact: [
                    .name: .string("Person \(contact(index))"), .email: .string("p\(contact(index))@example.com"),
                    .company: .string("Company \(company(index))"),
                ],
                messages: [
                    [
                        .type: .string("message"), .sentAt: .string("2024-02-22T15:49:07Z"), .senderName: .string("A"),
                        .body: .string("hello \(index)"),
                    ]
                ])
            return try mapper.plan(for: conversation)
        }
    }

    /// A path in the temporary directory, named `name-UUID`.
    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID())").path
    }
}
