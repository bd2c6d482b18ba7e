import Foundation
import Testing

@testable import LimeSender

/// The sender's small parts: the compact id set, the bounded lookup cache, redaction of Lime's
/// error text.
@Suite struct SenderPartsTests {
    @Test func idSetTellsEveryTextApart() {
        var set = ConversationIDSet()
        let ids = [
            "1", "01", "001", "10", "0", "00", "9999999999999999999", "10000000000000000000", "1 ", " 1", "+1", "x",
        ]
        for id in ids {
            let inserted = set.insert(id)
            #expect(inserted, "\(id)")
        }
        for id in ids {
            let inserted = set.insert(id)
            #expect(!inserted, "\(id) twice")
        }
        #expect(set.count == ids.count)
        #expect(ConversationIDSet.number("63741936") == 63_741_936)
        #expect(ConversationIDSet.number("9999999999999999999") == 9_999_999_999_999_999_999)
        for text in ["01", "", "1a", "10000000000000000000", "-1", "١"] {
            #expect(ConversationIDSet.number(text) == nil, "\(text)")
        }
    }

    @Test func lookupCacheStaysBoundedAndKeepsWhatIsUsed() {
        let cache = LookupCache(capacity: 100)
        func resolve(_ key: String) -> Int? {
            switch cache.claim(key) {
            case .cached(let found): return found.id
            case .owner:
                cache.finish(key, with: .success(.init(id: key.count)))
                return nil
            case .wait: Issue.record("nobody else resolves \(key)")
            }
            return nil
        }
        _ = resolve("kept")
        for index in 0..<10_000 {
            _ = resolve("key \(index)")
            // A key used all the time is never dropped.
            #expect(resolve("kept") == 4)
        }
        #expect(cache.count <= 200)
        #expect(resolve("key 0") == nil, "an old key was dropped")
    }

    @Test func aFailedResolutionIsNotCachedAndWaitersSeeIt() throws {
        let cache = LookupCache()
        guard case .owner = cache.claim("k") else {
            Issue.record("the first claim owns the key")
            return
        }
        guard case .wait(let pending) = cache.claim("k") else {
            Issue.record("the second claim waits")
            return
        }
        cache.finish("k", with: .failure(.transport("down")))
        #expect(throws: SenderError.transport("down")) { try pending.wait() }
        guard case .owner = cache.claim("k") else {
            Issue.record("a failure is not cached")
            return
        }
    }

    /// Lime's error text is cut to 300 characters after the key was taken out of it: a key that
    /// the cut would split leaves no piece behind.
    @Test(arguments: [290, 295, 299, 300, 301]) func redactedBeforeCut(_ filler: Int) throws {
        let secret = "k3y-0123456789abcdef"
        let body = Array((String(repeating: "x", count: filler) + secret + " is not valid").utf8)
        let client = LimeClient(
            endpoint: try LimeEndpoint("https://example.com/app"), key: try LimeAPIKey(secret),
            transport: FixedTransport(response: LimeResponse(status: 400, headers: [:], body: body)),
            policy: RetryPolicy(maximumAttempts: 1), limiter: RateLimiter(perSecond: 1000))
        #expect {
            _ = try client.find("person", property: "email", value: "a@b")
        } throws: { error in
            guard case .http(400, let message) = error as? SenderError else { return false }
            // No four characters of the key in a row (the filler has none of its characters).
            let pieces = (0...(secret.count - 4)).map { String(Array(secret)[$0..<($0 + 4)]) }
            return message.count <= 300 && !pieces.contains { message.contains($0) }
        }
    }
}

/// A transport that answers every request with the same response.
struct FixedTransport: LimeTransport {
    let response: LimeResponse
    func send(_ request: LimeRequest, key: LimeAPIKey) throws(SenderError) -> LimeResponse { response }
}
