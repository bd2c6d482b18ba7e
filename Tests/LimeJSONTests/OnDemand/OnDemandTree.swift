import Foundation
import LimeJSON

/// Rebuilds through the On-Demand cursors the value `JSONSerialization` would make, on an explicit
/// stack (as ``FoundationTree/build(_:)`` does from tokens), for ``FoundationTree/difference(_:_:path:)``.
enum OnDemandTree {
    /// An open container: its cursor and what was read of it so far (mutated in place on the
    /// stack, so nothing is copied per value).
    private struct Frame {
        var object: JSONObject?
        var array: JSONArray?
        var members: [String: Any] = [:]
        var items: [Any] = []
        var key = ""

        var value: Any { object != nil ? members : items }

        mutating func add(_ value: Any) {
            if object != nil { members[key] = value } else { items.append(value) }
        }
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
                case .object: stack.append(Frame(object: try value.object()))
                case .array: stack.append(Frame(array: try value.array()))
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
                    guard !stack.isEmpty else { return made }
                    stack[stack.count - 1].add(made)
                }
                continue
            }
            let top = stack.count - 1
            guard top >= 0 else { return NSNull() }
            if let object = stack[top].object {
                if let field = try object.nextField() {
                    stack[top].key = field.key.decoded()
                    next = field.value
                    continue
                }
            } else if let element = try stack[top].array!.nextElement() {
                next = element
                continue
            }
            let done = stack.removeLast().value
            guard !stack.isEmpty else { return done }
            stack[stack.count - 1].add(done)
        }
    }

    /// Where the cursors' value of `bytes` and `JSONSerialization`'s differ, or nil.
    static func differenceFromFoundation(_ bytes: [UInt8]) throws -> String? {
        let ours = try build(try JSONDocument(bytes: bytes))
        return FoundationTree.difference(ours, try FoundationTree.foundation(bytes))
    }
}
