/// Writes Userlike conversation payloads and exports, deterministically from a seed: the inputs
/// of LimeStream's tests and benchmarks, generated at run time instead of committed.
///
/// ``Variety/realistic`` payloads look like the seed payload (every key of it, a long transcript of
/// messages whose bodies are 20 to 2,000 bytes of English, German, CJK and emoji text, a few
/// escapes; with ``Shape/chat``, short chat lines instead). ``Variety/adversarial`` payloads are valid JSON built to break extractors: wanted
/// fields missing, null or of the wrong type, every escape, escaped keys, duplicate keys, odd
/// numbers, odd whitespace.
///
///     var generator = FixtureGenerator(seed: 42)
///     let payload = generator.conversation(messageCount: 50)
///     generator.writeExport(form: .ndjson, targetBytes: 500_000_000) { chunk in write(chunk) }
public struct FixtureGenerator: Sendable {
    /// What the generated payloads are like.
    public enum Variety: String, Sendable, CaseIterable {
        /// Shaped like real Userlike payloads.
        case realistic
        /// Valid JSON full of edge cases.
        case adversarial
    }

    /// How long the messages are.
    public enum Shape: String, Sendable, CaseIterable {
        /// Bodies of 20 to 2,000 bytes of mixed-script text: long transcripts (the default).
        case long
        /// Short chat lines like the seed payload's (about 10 to 150 bytes, English and German
        /// with umlauts and emoji, now and then a line break): the key-dense case, where a
        /// message's 30 keys outweigh its body.
        case chat
    }

    var random: SplitMix64
    /// The variety of the payloads.
    public let variety: Variety
    /// How long the messages are.
    public let shape: Shape
    var conversationID = 63_741_936
    var clock = 4_000_000_000  // milliseconds since 2024-01-01

    /// Creates a generator.
    public init(seed: UInt64, variety: Variety = .realistic, shape: Shape = .long) {
        random = SplitMix64(seed: seed)
        self.variety = variety
        self.shape = shape
    }

    /// One conversation object (a webhook payload) with `messageCount` transcript elements.
    public mutating func conversation(messageCount: Int, pretty: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        appendConversation(messageCount: messageCount, pretty: pretty, into: &out)
        return out
    }

    /// Appends one conversation to `out`.
    public mutating func appendConversation(messageCount: Int, pretty: Bool, into out: inout [UInt8]) {
        var json = JSONBytes()
        json.bytes.reserveCapacity(messageCount * 1200 + 4000)
        writeConversation(messageCount: messageCount, into: &json)
        var bytes = json.bytes
        if variety == .adversarial && random.chance(30) { bytes = Whitespace.scatter(bytes, random: &random) }
        if pretty {
            Whitespace.prettyPrint(bytes, into: &out)
        } else {
            out.append(contentsOf: bytes)
        }
    }

    /// A single payload of about `targetBytes` bytes: a long transcript (a message is about
    /// 1.8 KB compact: its body is there twice, as `body` and `body_plain`).
    public mutating func longPayload(targetBytes: Int, pretty: Bool = false) -> [UInt8] {
        // Size a message on a sample from a copy of this generator, so the sequence stays the same.
        var sampler = self
        let sample = sampler.conversation(messageCount: 200, pretty: pretty).count
        let messages = max(1, targetBytes * 200 / max(sample, 1))
        return conversation(messageCount: messages, pretty: pretty)
    }

    /// Streams an export of about `targetBytes` bytes to `sink` in pieces of about 1 MiB, so that
    /// a large export never has to sit in memory.
    ///
    /// - Returns: the number of conversations written.
    @discardableResult
    public mutating func writeExport(
        form: ExportLayout, targetBytes: Int, messagesPerConversation: ClosedRange<Int> = 5...60,
        sink: (ArraySlice<UInt8>) throws -> Void
    ) rethrows -> Int {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 21)
        var written = 0
        var count = 0
        var pageCount = 0
        let perPage = 100
        func flush(_ buffer: inout [UInt8], force: Bool) throws {
            if buffer.count >= 1 << 20 || (force && !buffer.isEmpty) {
                try sink(buffer[...])
                written += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if form == .array { buffer.append(UInt8(ascii: "[")) }
        while written + buffer.count < targetBytes || count == 0 {
            let messages =
                messagesPerConversation.lowerBound
                + random.below(messagesPerConversation.count)
            switch form {
            case .array:
                if count > 0 { buffer.append(UInt8(ascii: ",")) }
                appendConversation(messageCount: messages, pretty: false, into: &buffer)
            case .ndjson:
                appendConversation(messageCount: messages, pretty: false, into: &buffer)
                buffer.append(0x0A)
            case .concatenated:
                appendConversation(messageCount: messages, pretty: true, into: &buffer)
                buffer.append(0x0A)
            case .pages:
                if count % perPage == 0 {
                    if count > 0 { buffer.append(contentsOf: Self.pageEnd) }
                    pageCount += 1
                    appendPageStart(page: pageCount, into: &buffer)
                } else {
                    buffer.append(UInt8(ascii: ","))
                }
                appendConversation(messageCount: messages, pretty: false, into: &buffer)
            }
            count += 1
            try flush(&buffer, force: false)
        }
        switch form {
        case .array: buffer.append(UInt8(ascii: "]"))
        case .pages: buffer.append(contentsOf: Self.pageEnd)
        default: break
        }
        try flush(&buffer, force: true)
        return count
    }

    /// A whole export in memory (for small tests).
    public mutating func export(
        form: ExportLayout, conversations: Int, messagesPerConversation: ClosedRange<Int> = 0...20
    ) -> [UInt8] {
        var out: [UInt8] = []
        let perPage = 3
        if form == .array { out.append(UInt8(ascii: "[")) }
        for index in 0..<conversations {
            let messages = messagesPerConversation.lowerBound + random.below(messagesPerConversation.count)
            switch form {
            case .array:
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendConversation(messageCount: messages, pretty: false, into: &out)
            case .ndjson:
                appendConversation(messageCount: messages, pretty: false, into: &out)
                out.append(0x0A)
            case .concatenated:
                appendConversation(messageCount: messages, pretty: true, into: &out)
                out.append(0x0A)
            case .pages:
                if index % perPage == 0 {
                    if index > 0 { out.append(contentsOf: Self.pageEnd) }
                    appendPageStart(page: index / perPage + 1, into: &out)
                } else {
                    out.append(UInt8(ascii: ","))
                }
                appendConversation(messageCount: messages, pretty: false, into: &out)
            }
        }
        if form == .array { out.append(UInt8(ascii: "]")) }
        if form == .pages && conversations > 0 { out.append(contentsOf: Self.pageEnd) }
        return out
    }

    static let pageEnd: [UInt8] = Array("]}\n".utf8)

    mutating func appendPageStart(page: Int, into out: inout [UInt8]) {
        var json = JSONBytes()
        json.raw("{\"count\":")
        json.integer(1_000_000)
        json.raw(",\"next\":\"https://api.userlike.com/api/um/v3/conversations/?page=")
        json.integer(page + 1)
        json.raw("\",\"previous\":")
        if page == 1 {
            json.raw("null")
        } else {
            json.raw("\"https://api.userlike.com/api/um/v3/conversations/?page=")
            json.integer(page - 1)
            json.raw("\"")
        }
        json.raw(",\"results\":[")
        out.append(contentsOf: json.bytes)
    }
}
