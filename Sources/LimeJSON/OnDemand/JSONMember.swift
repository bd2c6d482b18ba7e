/// One member of an object being read: its key and its value (not read yet).
///
/// ``JSONObject/nextField()`` hands out ``JSONField``s, with the key itself;
/// ``JSONObject/nextField(in:)`` hands out ``JSONWantedField``s, with the key's index in the
/// ``JSONKeySet`` asked with.
public struct JSONMember<Key> {
    /// The member's key (a ``JSONKey``), or the key's index in a ``JSONKeySet`` (an `Int`).
    public let key: Key
    /// The member's value; read it before the object moves on, or the object skips it.
    public let value: JSONValue

    @inlinable
    init(key: Key, value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// One member of an object: its key and its value (not read yet).
public typealias JSONField = JSONMember<JSONKey>

/// A member of an object whose key is in a ``JSONKeySet``: the key's index there, and the value
/// (not read yet). What ``JSONObject/nextField(in:)`` hands out.
public typealias JSONWantedField = JSONMember<Int>

extension JSONMember where Key == Int {
    /// The key's index in the ``JSONKeySet``.
    @inlinable public var index: Int { key }
}
