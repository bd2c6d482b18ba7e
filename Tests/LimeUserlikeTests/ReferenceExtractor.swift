import Foundation
import LimeUserlike

/// The same extraction as `limestream extract`, written the slow, obvious way on
/// JSONSerialization: the reference every fast path is checked against.
enum ReferenceExtractor {
    static let conversationFields: [(output: String, path: [String])] = [
        ("id", ["id"]), ("status", ["status"]), ("created_at", ["created_at"]), ("ended_at", ["ended_at"]),
        ("language", ["language_name"]), ("subject", ["subject"]), ("operator_email", ["operator_assigned_to_email"]),
        ("operator_group", ["routing_info", "operator_group", "name"]), ("widget", ["um_widget", "name"]),
        ("rate", ["rate"]), ("feedback", ["feedback_message"]), ("topics", ["topics"]),
        ("contact_first_message_sent_at", ["contact_first_message_sent_at"]),
    ]
    static let contactFields = [
        "id", "name", "email", "phone_number", "mobile_number", "company", "position", "street", "city", "country",
        "external_customer_id",
    ]

    /// Follows `path` through nested objects; null when anything on the way is missing or not an object.
    static func value(_ object: Any, _ path: [String]) -> Any {
        var current: Any = object
        for key in path {
            guard let dictionary = current as? NSDictionary, let next = dictionary[key] else { return NSNull() }
            current = next
        }
        return current
    }

    /// The output object for one conversation (a JSON object already parsed).
    static func extract(_ conversation: Any) -> NSDictionary {
        let result = NSMutableDictionary()
        for (output, path) in conversationFields { result[output] = value(conversation, path) }
        let contact = NSMutableDictionary()
        for key in contactFields { contact[key] = value(conversation, ["contact", key]) }
        result["contact"] = contact
        var messages: [NSDictionary] = []
        if let transcript = value(conversation, ["transcript"]) as? NSArray {
            for element in transcript {
                let message = NSMutableDictionary()
                message["sent_at"] = value(element, ["sent_at"])
                message["type"] = value(element, ["type"])
                message["event"] = value(element, ["event"])
                message["sender_type"] = value(element, ["sender", "type"])
                message["sender_name"] = value(element, ["name"])
                let plain = value(element, ["body_plain"])
                message["body"] = plain is NSString ? plain : value(element, ["body"])
                messages.append(message)
            }
        }
        result["messages"] = messages as NSArray
        return result
    }

    /// Parses one of our output lines.
    static func parse(_ line: String) throws -> NSDictionary {
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as! NSDictionary
    }

    /// The conversations of an export, split the slow way: an array, or whitespace-separated values
    /// (each parsed on its own with JSONSerialization after finding its end with a simple scanner).
    static func conversations(ofExport bytes: [UInt8]) throws -> [Any] {
        let trimmed = bytes.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if trimmed.first == UInt8(ascii: "[") {
            return try JSONSerialization.jsonObject(with: Data(trimmed)) as! [Any]
        }
        var values: [Any] = []
        for piece in topLevelValues(Array(trimmed)) {
            let value = try JSONSerialization.jsonObject(with: Data(piece), options: [.fragmentsAllowed])
            if let page = value as? NSDictionary, let results = page["results"] as? [Any] {
                values += results
            } else {
                values.append(value)
            }
        }
        return values
    }

    /// Splits whitespace-separated JSON values (objects and arrays) by bracket depth outside strings.
    static func topLevelValues(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var values: [ArraySlice<UInt8>] = []
        var depth = 0
        var start: Int?
        var inString = false
        var escaped = false
        for (index, byte) in bytes.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if depth == 0 { start = index }
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0, let begin = start { values.append(bytes[begin...index]) }
            default: break
            }
        }
        return values
    }
}
