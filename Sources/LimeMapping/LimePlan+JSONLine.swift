import LimeJSON
import LimeUserlike

// MARK: - The `convert` output line

extension LimePlan {
    /// Appends the plan as one compact JSON object (no newline):
    /// `{"conversation_id":"1","objects":[{"role":"person","limetype":"person","lookups":[{"property":"email","value":"a@b"}],"create":{...},"relations":{}},...]}`.
    /// `create` is null for objects that are only looked up.
    public func writeJSONLine(into out: inout [UInt8]) {
        writeJSONLine(into: &out, writingValue: nil)
    }

    /// ``writeJSONLine(into:)``, with `writingValue` given the chance to write a property's value
    /// itself (it returns true when it did): how ``LazyNotePlan/writeValue(_:_:into:)`` writes the
    /// transcript note straight from the conversation's bytes.
    public func writeJSONLine(
        into out: inout [UInt8], writingValue: ((LimeObjectPlan.Role, LimeProperty, inout [UInt8]) -> Bool)?
    ) {
        out.append(contentsOf: #"{"conversation_id":"#.utf8)
        Self.string(conversationID, into: &out)
        out.append(contentsOf: #","objects":["#.utf8)
        for (index, object) in objects.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"role":"#.utf8)
            Self.string(object.role.rawValue, into: &out)
            out.append(contentsOf: #","limetype":"#.utf8)
            Self.string(object.limetype, into: &out)
            out.append(contentsOf: #","lookups":["#.utf8)
            for (position, lookup) in object.lookups.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: #"{"property":"#.utf8)
                Self.string(lookup.property, into: &out)
                if let target = lookup.target {
                    out.append(contentsOf: #","target":"#.utf8)
                    Self.string(target.rawValue, into: &out)
                } else {
                    out.append(contentsOf: #","value":"#.utf8)
                    Self.string(lookup.value, into: &out)
                }
                out.append(UInt8(ascii: "}"))
            }
            out.append(contentsOf: #"],"create":"#.utf8)
            if let create = object.create {
                out.append(UInt8(ascii: "{"))
                for (position, property) in create.enumerated() {
                    if position > 0 { out.append(UInt8(ascii: ",")) }
                    Self.string(property.name, into: &out)
                    out.append(UInt8(ascii: ":"))
                    if writingValue?(object.role, property, &out) != true { property.value.writeJSON(into: &out) }
                }
                out.append(UInt8(ascii: "}"))
            } else {
                out.append(contentsOf: "null".utf8)
            }
            out.append(contentsOf: #","relations":"#.utf8)
            Self.relations(object.relations, into: &out)
            // Written only when there are some, so that plans of mappings without them keep their
            // bytes.
            if !object.adopts.isEmpty {
                out.append(contentsOf: #","adopts":"#.utf8)
                Self.relations(object.adopts, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        if resend != .keep {
            out.append(contentsOf: #","resend":"#.utf8)
            Self.string(resend.rawValue, into: &out)
            out.append(contentsOf: #","note_properties":["#.utf8)
            for (position, name) in noteProperties.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                Self.string(name, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
    }

    /// The plan as one compact JSON line (see ``writeJSONLine(into:)``).
    public var jsonLine: String {
        var out: [UInt8] = []
        writeJSONLine(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `{"PROPERTY":"ROLE",...}`: the form of both `relations` and `adopts`.
    static func relations(_ relations: [LimeRelation], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (position, relation) in relations.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            string(relation.property, into: &out)
            out.append(UInt8(ascii: ":"))
            string(relation.target.rawValue, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func string(_ text: String, into out: inout [UInt8]) {
        JSONWriter.writeString(text, into: &out)
    }
}
