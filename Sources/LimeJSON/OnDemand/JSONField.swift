/// One member of an object: its key and its value (not read yet).
public struct JSONField {
    /// The member's key.
    public let key: JSONKey
    /// The member's value; read it before the object moves on, or the object skips it.
    public let value: JSONValue

    @inlinable
    init(key: JSONKey, value: JSONValue) {
        self.key = key
        self.value = value
    }
}
