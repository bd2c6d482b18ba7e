import Foundation
import LimeJSON

/// Rebuilds through the On-Demand cursors the value `JSONSerialization` would make, on an explicit
/// stack (as ``FoundationTree/build(_:)`` does from tokens), for ``FoundationTree/difference(_:_:path:)``.
enum OnDemandTree {
    private enum Frame {
        case object(JSONObject, [String: Any], String)
        case array(JSONArray, [Any])
    }

    /// The value of the document, read through cursors only. Integers that fit become `Int64`
    /// numbers, other numbers `Double`s; a duplicate key keeps its last value.
    static func build(_ document: JSONDocument) throws(JSONError) -> Any {
        var stack: [Frame] = []
        var next: JSONValue? = try document.root()
        while true {
            if let value = next {
                next = nil
                var made: Any?
                switch value.kind {
                case .object: stack.append(.object(try value.object(), [:], ""))
                case .array: stack.append(.array(try value.array(), []))
                case .string: made = try value.string()
                case .bool: made = NSNumber(value: try value.bool())
                case .null: made = NSNull()
                case .number:
                    // A getter that throws leaves the value unread: int64 first, then double.
                    if let integer = try? value.int64() {
                        made = NSNumber(value: integer)
                    } else {
                        made = NSNumber(value: (try? value.double()) ?? .infinity)
                    }
                }
                if let made {
                    guard let top = stack.popLast() else { return made }
                    stack.append(adding(made, to: top))
                }
                continue
            }
            guard let top = stack.popLast() else { return NSNull() }
            switch top {
            case .object(let object, let members, _):
                if let field = try object.nextField() {
                    stack.append(.object(object, members, field.key.decoded()))
                    next = field.value
                    continue
                }
                guard let parent = stack.popLast() else { return members }
                stack.append(adding(members, to: parent))
            case .array(let array, let items):
                if let element = try array.nextElement() {
                    stack.append(top)
                    next = element
                    continue
                }
                guard let parent = stack.popLast() else { return items }
                stack.append(adding(items, to: parent))
            }
        }
    }

    private static func adding(_ value: Any, to frame: Frame) -> Frame {
        switch frame {
        case .object(let object, var members, let key):
            members[key] = value
            return .object(object, members, key)
        case .array(let array, var items):
            items.append(value)
            return .array(array, items)
        }
    }

    /// Where the cursors' value of `bytes` and `JSONSerialization`'s differ, or nil.
    static func differenceFromFoundation(_ bytes: [UInt8]) throws -> String? {
        let ours = try build(try JSONDocument(bytes: bytes))
        return FoundationTree.difference(ours, try FoundationTree.foundation(bytes))
    }
}
