import Foundation
import LimeJSON
import LimeTestSupport
import LimeUserlike
import Testing

/// The README's library examples, compiled and run (keep the two in step).
@Suite struct ReadmeExampleTests {
    @Test func extractingOnePayloadAndAnExport() throws {
        let payload = try Data(contentsOf: FixturePaths.seedConversation)
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        // One webhook payload ([UInt8], Data, or any contiguous bytes):
        let conversation = try ConversationExtractor().extract(payload)
        print(conversation.contact[.email].string ?? "no email", conversation.messages.count)
        for message in conversation.messages where message[.type].string == "message" {
            print(message[.senderName].text ?? "?", message[.body].text ?? "")
        }

        // An export, streamed in bounded memory (a path, "-" for stdin, or any ByteSource):
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID()).ndjson").path
        try Data("{\"id\":1}\n7\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try ExportReader(path: path)
        while let item = try reader.next() {
            switch item {
            case .conversation(let conversation, let number): print(number, conversation[.id].text ?? "?")
            case .skipped(let issue): print("skipped:", issue)
            }
        }
        #expect(
            printed == [
                "no email 4", "Contact Hello, I have a question.", "Peter Testman Hello, how can I help you?", "1 1",
                "skipped: conversation 2 (line 2): expected an object, found a number",
            ])
    }

    @Test func theJSONLayerOnItsOwn() throws {
        let bytes = Array(#"{"id": 1, "transcript": [{"body": "x"}], "z": true}"#.utf8)
        var keys: [String] = []
        try JSONTokenizer.withTokenizer(over: bytes) { (tokenizer: inout JSONTokenizer) throws(JSONError) in
            while case let token = try tokenizer.next(), token.kind != .endOfInput {
                if token.kind == .key && tokenizer.token(token, equals: "transcript") {
                    _ = try tokenizer.skipValue()  // validated, never built
                } else if token.kind == .key {
                    keys.append(tokenizer.string(token))
                }
            }
        }
        #expect(keys == ["id", "z"])

        var stream = JSONStreamTokenizer()  // chunks of any size, same tokens and errors
        stream.feed(Array(#"{"a": [1, tr"#.utf8))
        stream.feed(Array("ue]}".utf8))
        stream.finish()
        var kinds: [JSONToken.Kind] = []
        while case let token = try stream.next(), token.kind != .endOfInput { kinds.append(token.kind) }
        #expect(kinds == [.objectStart, .key, .arrayStart, .number, .true, .arrayEnd, .objectEnd])
    }
}
