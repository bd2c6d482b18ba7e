import Foundation
import LimeJSON

/// Rebuilds from `JSONTokenizer`'s tokens the value `JSONSerialization` would make (`[String: Any]`,
/// `[Any]`, `String`, `NSNumber`, `NSNull`), on an explicit stack, and compares two such values.
enum FoundationTree {
    private struct Frame {
        var isObject: Bool
        var items: [Any] = []
        var members: [String: Any] = [:]
        var key = ""
    }

    /// The value of the one JSON text in `bytes`. A duplicate key keeps its last value, as
    /// `JSONSerialization` does. Integers that fit become `Int64` numbers, other numbers `Double`s.
    static func build(_ bytes: [UInt8]) throws(JSONError) -> Any {
        try JSONTokenizer.withTokenizer(over: bytes) { (tokenizer: inout JSONTokenizer) throws(JSONError) -> Any in
            var stack: [Frame] = []
            var root: Any = NSNull()
            func add(_ value: Any) {
                guard !stack.isEmpty else {
                    root = value
                    return
                }
                let top = stack.count - 1
                if stack[top].isObject {
                    stack[top].members[stack[top].key] = value
                } else {
                    stack[top].items.append(value)
                }
            }
            while true {
                let token = try tokenizer.next()
                switch token.kind {
                case .objectStart: stack.append(Frame(isObject: true))
                case .arrayStart: stack.append(Frame(isObject: false))
                case .objectEnd: add(stack.removeLast().members)
                case .arrayEnd: add(stack.removeLast().items)
                case .key: stack[stack.count - 1].key = tokenizer.string(token)
                case .string: add(tokenizer.string(token))
                case .number:
                    if token.flags.contains(.isInteger), let integer = tokenizer.int64(token) {
                        add(NSNumber(value: integer))
                    } else {
                        add(NSNumber(value: tokenizer.double(token) ?? .infinity))
                    }
                case .true: add(NSNumber(value: true))
                case .false: add(NSNumber(value: false))
                case .null: add(NSNull())
                case .endOfInput, .needMoreInput: return root
                }
            }
        }
    }

    /// `JSONSerialization`'s value for `bytes` (fragments allowed).
    static func foundation(_ bytes: [UInt8]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }

    /// Where `ours` and `theirs` first differ (a path like `$.statuses[3].user.id` and both values),
    /// or nil when they are equal: strings byte for byte, integers as `Int64` and `Double`, other
    /// numbers as `Double`, booleans only equal to booleans.
    static func difference(_ ours: Any, _ theirs: Any, path: String = "$") -> String? {
        switch ours {
        case let object as [String: Any]:
            guard let other = theirs as? [String: Any] else { return "\(path): object vs \(type(of: theirs))" }
            guard Set(object.keys) == Set(other.keys) else {
                return "\(path): keys \(object.keys.sorted()) vs \(other.keys.sorted())"
            }
            for (key, value) in object {
                if let found = difference(value, other[key]!, path: "\(path).\(key)") { return found }
            }
            return nil
        case let array as [Any]:
            guard let other = theirs as? [Any] else { return "\(path): array vs \(type(of: theirs))" }
            guard array.count == other.count else { return "\(path): \(array.count) vs \(other.count) elements" }
            for index in array.indices {
                if let found = difference(array[index], other[index], path: "\(path)[\(index)]") { return found }
            }
            return nil
        case let string as String:
            guard let other = theirs as? String, Array(string.utf8) == Array(other.utf8) else {
                return "\(path): \(string.debugDescription) vs \(theirs)"
            }
            return nil
        case is NSNull:
            return theirs is NSNull ? nil : "\(path): null vs \(theirs)"
        case let number as NSNumber:
            guard let other = theirs as? NSNumber else { return "\(path): \(number) vs \(type(of: theirs))" }
            let isBool = Self.isBool(number)
            guard isBool == Self.isBool(other) else { return "\(path): \(number) vs \(other) (Boolean-ness)" }
            if isBool { return number.boolValue == other.boolValue ? nil : "\(path): \(number) vs \(other)" }
            if String(cString: number.objCType) == "q", number.int64Value != other.int64Value {
                return "\(path): \(number.int64Value) vs \(other) (Int64)"
            }
            let (ourDouble, theirDouble) = (Self.double(number), Self.double(other))
            return ourDouble == theirDouble ? nil : "\(path): \(ourDouble) vs \(theirDouble) (\(other))"
        default:
            return "\(path): unexpected \(type(of: ours))"
        }
    }

    /// A Foundation number as the nearest `Double`. On Linux `JSONSerialization` makes an
    /// `NSDecimalNumber` of many numbers (up to 38 exact digits) whose `doubleValue` is not correctly
    /// rounded (`-65.613616999999977` gives `-65.61361699999996`, not `-65.61361699999998`), so a
    /// decimal number is converted from its exact decimal text instead.
    static func double(_ number: NSNumber) -> Double {
        if number is NSDecimalNumber, let exact = Double(number.description) { return exact }
        return number.doubleValue
    }

    /// Booleans are the `NSNumber`s of Objective-C type `c` (`JSONSerialization` never makes an
    /// `Int8` number).
    static func isBool(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }
}
