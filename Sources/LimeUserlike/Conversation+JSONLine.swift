// MARK: - The `extract` output line

extension Conversation {
    /// Appends this conversation as one compact JSON object (the `limestream extract` shape), without
    /// a trailing newline.
    ///
    /// Keys: `id, status, created_at, ended_at, language, subject, operator_email, operator_group,
    /// widget, rate, feedback, contact{...}, messages[...]`. Strings that had no escapes in the input
    /// are copied as they are; the others are re-escaped from their decoded text.
    public func writeJSONLine(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for field in Field.allCases {
            Self.writeKey(Self.conversationKeys[field.rawValue], into: &out)
            storage.writeJSON(slots[field.rawValue], into: &out)
            out.append(UInt8(ascii: ","))
        }
        Self.writeKey(Self.contactKey, into: &out)
        out.append(UInt8(ascii: "{"))
        let contactBase = Field.allCases.count
        for field in Contact.Field.allCases {
            if field.rawValue > 0 { out.append(UInt8(ascii: ",")) }
            Self.writeKey(Self.contactKeys[field.rawValue], into: &out)
            storage.writeJSON(slots[contactBase + field.rawValue], into: &out)
        }
        out.append(contentsOf: "},".utf8)
        Self.writeKey(Self.messagesKey, into: &out)
        out.append(UInt8(ascii: "["))
        let width = Message.Field.allCases.count
        var base = 0
        while base < messageSlots.count {
            if base > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "{"))
            for field in Message.Field.allCases {
                if field.rawValue > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeKey(Self.messageKeys[field.rawValue], into: &out)
                storage.writeJSON(messageSlots[base + field.rawValue], into: &out)
            }
            out.append(UInt8(ascii: "}"))
            base += width
        }
        out.append(contentsOf: "]}".utf8)
    }

    /// This conversation as one compact JSON object (see ``writeJSONLine(into:)``).
    public var jsonLine: String {
        var out: [UInt8] = []
        writeJSONLine(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func writeKey(_ key: [UInt8], into out: inout [UInt8]) {
        out.append(contentsOf: key)
    }

    /// `"key":` for every key, as bytes made once (appending a `String`'s UTF-8 view is slow).
    private static let conversationKeys = Field.allCases.map { quoted($0.outputKey) }
    private static let contactKeys = Contact.Field.allCases.map { quoted($0.key) }
    private static let messageKeys = Message.Field.allCases.map { quoted($0.outputKey) }
    private static let contactKey = quoted("contact")
    private static let messagesKey = quoted("messages")

    private static func quoted(_ key: String) -> [UInt8] { Array("\"\(key)\":".utf8) }
}
