import Foundation
import LimeFixtures
import LimeJSON

/// Reads a document through the cursors the way a picky reader does: at each member or element,
/// a seeded random choice reads it whole, leaves it unread, reads an object or array halfway and
/// abandons it, or looks members up by name (in or out of order). Every value it reads is checked
/// against `JSONSerialization`'s at the same path, so the skips (unread and half-read values,
/// found by depth over the index) must leave the walk exactly where the next value starts.
struct PartialReader {
    var random: SplitMix64
    var checked = 0
    var differences: [String] = []

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    /// Reads `bytes`' root against `expected` (Foundation's value).
    mutating func read(_ bytes: [UInt8]) throws {
        duplicatePaths = try Self.duplicatePaths(bytes)
        let document = try JSONDocument(bytes: bytes)
        let expected = try FoundationTree.foundation(bytes)
        try value(try document.root(), expected, path: "$", depth: 0)
    }

    mutating func value(_ value: JSONValue, _ expected: Any, path: String, depth: Int) throws {
        switch value.kind {
        case .object:
            guard let members = expected as? [String: Any] else { return record("\(path): object vs \(expected)") }
            let object = try value.object()
            if random.below(4) == 0 {
                // Lookups by name, some keys twice, some absent, in any order.
                // Sorted: a dictionary's order changes from process to process (the hash seed),
                // and with it which keys the seeded choice picks.
                var names = members.keys.sorted()
                names.append("no such key \(random.below(10))")
                for _ in 0..<min(names.count, 4) {
                    let name = random.pick(names)
                    let found = try object.field(named: Array(name.utf8))
                    if let expectedValue = members[name] {
                        // Foundation keeps a duplicate's last value; the lookup finds the first after
                        // the walk's position: compare only keys that occur once.
                        guard let found else { return record("\(path).\(name): not found") }
                        if try occursOnce(name, in: path) {
                            try self.value(found, expectedValue, path: "\(path).\(name)", depth: depth + 1)
                        }
                    } else if found != nil {
                        record("\(path).\(name): found, but Foundation has no such key")
                    }
                }
                return
            }
            while let field = try object.nextField() {
                let key = field.key.decoded()
                guard let expectedValue = members[key] else { return record("\(path).\(key): not in Foundation's") }
                switch random.below(6) {
                case 0: continue  // unread: the next move skips it
                case 1 where depth > 0: return  // the object abandoned halfway
                default:
                    if try occursOnce(key, in: path) {
                        try self.value(field.value, expectedValue, path: "\(path).\(key)", depth: depth + 1)
                    }
                }
            }
        case .array:
            guard let items = expected as? [Any] else { return record("\(path): array vs \(expected)") }
            let array = try value.array()
            var index = 0
            while let element = try array.nextElement() {
                guard index < items.count else { return record("\(path): more elements than Foundation's") }
                switch random.below(6) {
                case 0: break
                case 1 where depth > 0: return
                default: try self.value(element, items[index], path: "\(path)[\(index)]", depth: depth + 1)
                }
                index += 1
            }
            if index != items.count { record("\(path): \(index) elements vs \(items.count)") }
        default:
            checked += 1
            let ours: Any
            switch value.kind {
            case .string: ours = try value.string()
            case .bool: ours = NSNumber(value: try value.bool())
            case .null: ours = NSNull()
            default:
                if let integer = try? value.int64() {
                    ours = NSNumber(value: integer)
                } else {
                    ours = NSNumber(value: (try? value.double()) ?? .infinity)
                }
            }
            if let difference = FoundationTree.difference(ours, expected, path: path) { record(difference) }
        }
    }

    /// Foundation keeps a duplicate key's last value, a cursor meets the first one first: this
    /// reader compares only the paths whose keys are unique in their object (the adversarial
    /// payloads have decoys).
    var duplicatePaths: Set<String> = []

    /// The paths (`$.a[2].b`) of members whose key occurs more than once in their object, from
    /// the tokenizer's tokens.
    static func duplicatePaths(_ bytes: [UInt8]) throws -> Set<String> {
        try JSONTokenizer.withTokenizer(over: bytes) { (tokenizer: inout JSONTokenizer) throws(JSONError) in
            // Per open container: its path, the keys seen (objects) or the next index (arrays).
            var frames: [(path: String, keys: Set<String>, index: Int, isObject: Bool, key: String)] = []
            var duplicates: Set<String> = []
            var pendingPath = "$"
            func valuePath() -> String {
                guard let top = frames.last else { return "$" }
                if top.isObject { return top.path + "." + top.key }
                frames[frames.count - 1].index += 1
                return top.path + "[\(top.index)]"
            }
            while true {
                let token = try tokenizer.next()
                switch token.kind {
                case .objectStart, .arrayStart:
                    pendingPath = valuePath()
                    frames.append((pendingPath, [], 0, token.kind == .objectStart, ""))
                case .objectEnd, .arrayEnd: frames.removeLast()
                case .key:
                    let key = tokenizer.string(token)
                    let top = frames.count - 1
                    if frames[top].keys.contains(key) { duplicates.insert(frames[top].path + "." + key) }
                    frames[top].keys.insert(key)
                    frames[top].key = key
                case .endOfInput, .needMoreInput: return duplicates
                default: _ = valuePath()
                }
            }
        }
    }
    func occursOnce(_ key: String, in path: String) throws -> Bool { !duplicatePaths.contains(path + "." + key) }

    mutating func record(_ difference: String) { differences.append(difference) }
}
