/// A member of an object whose key is in a ``JSONKeySet``: the key's index there, and the value
/// (not read yet). What ``JSONObject/nextField(in:)`` hands out.
public struct JSONWantedField {
    /// The key's index in the ``JSONKeySet``.
    public let index: Int
    /// The member's value; read it before the object moves on, or the object skips it.
    public let value: JSONValue

    @inlinable
    init(index: Int, value: JSONValue) {
        self.index = index
        self.value = value
    }
}
