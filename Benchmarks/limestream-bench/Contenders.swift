import Foundation
import LimeJSON
import LimeUserlike

/// The contenders, each run on bytes already in memory; each returns the same `Checksum`.
enum Contender: String, CaseIterable {
    /// LimeStream's extractor (`ConversationExtractor`, or `ExportReader` for exports).
    case limestream
    /// Foundation's JSONDecoder with a Decodable type of only the extracted fields.
    case jsondecoder = "JSONDecoder"
    /// Foundation's JSONSerialization, then the fields read from the dictionaries.
    case jsonserialization = "JSONSerialization"
    /// LimeStream's tokenizer validating everything, extracting nothing.
    case tokenizer = "tokenizer (validate only)"
    /// The structural index and the walk over it (`JSONValidator`), validating everything, on one
    /// JSON text (payloads, array exports, documents).
    case index = "index (validate only)"
    /// LimeJSON's On-Demand cursors (`JSONDocument`, validated up front) extracting the same fields
    /// as the extractor, copied into a byte buffer (one payload or a JSON array of them); on
    /// documents, building the document (index and validation) only.
    case ondemand = "on-demand extract"
    /// The same without the validating walk (index, then cursors): what validation up front costs.
    case ondemandUnvalidated = "on-demand extract, no validation"

    var key: String {
        switch self {
        case .limestream: return "limestream"
        case .jsondecoder: return "jsondecoder"
        case .jsonserialization: return "jsonserialization"
        case .tokenizer: return "tokenizer"
        case .index: return "index"
        case .ondemand: return "ondemand"
        case .ondemandUnvalidated: return "ondemand-novalidate"
        }
    }

    init?(key: String) {
        guard let found = Contender.allCases.first(where: { $0.key == key }) else { return nil }
        self = found
    }

    /// The stage 1 path the index contender runs: `LIMESTREAM_INDEX_KERNEL=swift|avx2|avx512`, or
    /// the widest this processor has. Read once: the environment is not cheap to ask (a run of
    /// the seed validates 2,000 payloads).
    static let indexKernel = kernel(named: "LIMESTREAM_INDEX_KERNEL")

    /// The path of long string contents every tokenizer of a child runs:
    /// `LIMESTREAM_STRING_KERNEL=swift|avx2|avx512`, or the widest this processor has.
    static let stringKernel = kernel(named: "LIMESTREAM_STRING_KERNEL")

    /// The kernel the environment variable `variable` names, or the widest this processor has.
    static func kernel(named variable: String) -> Result<StructuralIndexer.Kernel, BenchError> {
        guard let name = ProcessInfo.processInfo.environment[variable] else {
            return .success(StructuralIndexer.bestKernel)
        }
        guard let kernel = StructuralIndexer.Kernel(rawValue: name), StructuralIndexer.availableKernels.contains(kernel)
        else {
            return .failure(BenchError("kernel \(name) is not available here"))
        }
        return .success(kernel)
    }

    /// Runs once over `bytes` (a payload, an array export, or NDJSON when `isNDJSON`).
    func run(_ bytes: [UInt8], isNDJSON: Bool, isDocument: Bool) throws -> Checksum {
        var checksum = Checksum()
        switch self {
        case .limestream:
            if isDocument { return checksum }
            if !isNDJSON && bytes.first(where: { $0 > 0x20 }) == UInt8(ascii: "{") {
                // One payload: the library's single-payload entry point.
                let conversation = try ConversationExtractor().extract(bytes)
                for message in conversation.messages {
                    if message.withUTF8(.body, { checksum.add(bytes: $0) }) == nil { checksum.add(bytes: nil) }
                }
                return checksum
            }
            let reader = ExportReader(bytes: bytes)
            while let item = try reader.next() {
                guard case .conversation(let conversation, _) = item else { continue }
                for message in conversation.messages {
                    if message.withUTF8(.body, { checksum.add(bytes: $0) }) == nil { checksum.add(bytes: nil) }
                }
            }
        case .jsondecoder:
            if isDocument { return checksum }
            let decoder = JSONDecoder()
            func add(_ conversation: DecodedConversation) {
                for message in conversation.transcript ?? [] { checksum.add(body: message.body_plain ?? message.body) }
            }
            if isNDJSON {
                try Lines.forEach(bytes) { line in add(try decoder.decode(DecodedConversation.self, from: Data(line))) }
            } else if bytes.first(where: { $0 > 0x20 }) == UInt8(ascii: "[") {
                for conversation in try decoder.decode([DecodedConversation].self, from: Data(bytes)) {
                    add(conversation)
                }
            } else {
                add(try decoder.decode(DecodedConversation.self, from: Data(bytes)))
            }
        case .jsonserialization:
            func add(_ object: Any) {
                guard let conversation = object as? [String: Any] else { return }
                // Read every extracted field, as the mapping would.
                for key in [
                    "id", "status", "created_at", "ended_at", "language_name", "subject", "operator_assigned_to_email",
                    "rate", "feedback_message",
                ] {
                    _ = conversation[key]
                }
                _ = ((conversation["routing_info"] as? [String: Any])?["operator_group"] as? [String: Any])?["name"]
                _ = (conversation["um_widget"] as? [String: Any])?["name"]
                _ = (conversation["contact"] as? [String: Any])?["email"]
                for element in conversation["transcript"] as? [Any] ?? [] {
                    let message = element as? [String: Any]
                    _ = (message?["sender"] as? [String: Any])?["type"]
                    _ = message?["sent_at"]
                    checksum.add(body: message?["body_plain"] as? String ?? message?["body"] as? String)
                }
            }
            if isNDJSON {
                try Lines.forEach(bytes) { line in add(try JSONSerialization.jsonObject(with: Data(line))) }
            } else {
                let object = try JSONSerialization.jsonObject(with: Data(bytes))
                if isDocument { return checksum }
                if let array = object as? [Any] { array.forEach(add) } else { add(object) }
            }
        case .ondemand, .ondemandUnvalidated:
            guard !isNDJSON else { throw BenchError("a JSONDocument is one JSON text, not NDJSON") }
            StructuralIndexer.kernel = try Self.indexKernel.get()
            if isDocument {
                let document =
                    self == .ondemand ? try JSONDocument(bytes: bytes) : JSONDocument(unvalidatedBytes: bytes)
                checksum.messages = try document.root().kind == .object ? 1 : 0
                return checksum
            }
            try OnDemandExtraction.run(bytes, validate: self == .ondemand, into: &checksum)
        case .index:
            guard !isNDJSON else { throw BenchError("the index validates one JSON text, not NDJSON") }
            StructuralIndexer.kernel = try Self.indexKernel.get()
            try JSONValidator.validate(bytes)
        case .tokenizer:
            func validate(_ slice: ArraySlice<UInt8>) throws {
                try slice.withUnsafeBufferPointer { buffer in
                    var tokenizer = JSONTokenizer(unsafeBytes: buffer)
                    _ = try tokenizer.skipValue()
                    guard try tokenizer.next().kind == .endOfInput else { throw BenchError("not one JSON text") }
                }
            }
            if isNDJSON {
                // One tokenizer per line, reading in place from the line's start: it finds where its
                // value ends by itself, so no separate pass looks for the line feeds first.
                try bytes.withUnsafeBufferPointer { all in
                    var start = 0
                    while true {
                        while start < all.count, Lines.isBlank(all[start]) { start += 1 }
                        if start == all.count { break }
                        var tokenizer = JSONTokenizer(
                            unsafeBytes: UnsafeBufferPointer(rebasing: all[start...]), baseOffset: start)
                        _ = try tokenizer.skipValue()
                        start = tokenizer.offset
                        while start < all.count, all[start] == 0x20 || all[start] == 0x09 || all[start] == 0x0D {
                            start += 1
                        }
                        guard start == all.count || all[start] == 0x0A else {
                            throw BenchError("not one JSON text per line at byte \(start)")
                        }
                    }
                }
            } else {
                try validate(bytes[...])
            }
        }
        return checksum
    }
}

/// Splits NDJSON into its non-empty lines.
enum Lines {
    /// JSON whitespace, line feeds included.
    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    static func forEach(_ bytes: [UInt8], _ body: (ArraySlice<UInt8>) throws -> Void) throws {
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            if end > start { try body(bytes[start..<end]) }
            start = end + 1
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
