import LimeJSON
import LimeUserlike

/// A plan line (``LimePlan/jsonLine``) that cannot be read back: what is wrong, and where.
public struct LimePlanDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The byte offset in the line.
    public var offset: Int

    /// Creates an error.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// `byte OFFSET: MESSAGE`.
    public var description: String { "byte \(offset): \(message)" }
}

extension LimePlan {
    /// Reads a plan back from its JSON line (``writeJSONLine(into:)``), as a dead letter carries
    /// it: `LimePlan(jsonLine: Array(plan.jsonLine.utf8)) == plan` for every plan. Values keep
    /// their exact JSON text (numbers are not converted; objects and arrays stay compact JSON).
    ///
    /// - Throws: ``LimePlanDecodingError`` for invalid JSON, a missing or unknown member, a value
    ///   of the wrong type, or an unknown role.
    public init(jsonLine bytes: [UInt8]) throws(LimePlanDecodingError) {
        self = try JSONTokenizer.withTokenizer(over: bytes) {
            (tokenizer: inout JSONTokenizer) throws(LimePlanDecodingError) in
            var reader = PlanReader(tokenizer: tokenizer)
            defer { tokenizer = reader.tokenizer }
            return try reader.plan()
        }
    }
}

/// Walks a plan line's tokens; every helper reads exactly one value.
private struct PlanReader {
    var tokenizer: JSONTokenizer
    /// Where the key of the member being read starts (for ``unknown(_:)``).
    var keyStart = 0

    mutating func plan() throws(LimePlanDecodingError) -> LimePlan {
        var id: String?
        var objects: [LimeObjectPlan]?
        var resend = MappingConfiguration.ResendRule.keep
        var noteProperties: [String] = []
        try members { (reader, key) throws(LimePlanDecodingError) in
            switch key {
            case "conversation_id": id = try reader.string()
            case "resend": resend = try reader.name(MappingConfiguration.ResendRule.self, "re-send rule")
            case "note_properties":
                try reader.elements { (reader, first) throws(LimePlanDecodingError) in
                    guard first.kind == .string else { throw reader.failure("expected a string", at: first.start) }
                    noteProperties.append(reader.tokenizer.string(first))
                }
            case "objects":
                var list: [LimeObjectPlan] = []
                try reader.elements { (reader, first) throws(LimePlanDecodingError) in
                    list.append(try reader.object(first))
                }
                objects = list
            default: try reader.unknown(key)
            }
        }
        let end = try token()
        guard end.kind == .endOfInput else { throw failure("more after the plan", at: end.start) }
        guard let id, let objects else { throw failure("a plan needs conversation_id and objects", at: 0) }
        return LimePlan(conversationID: id, objects: objects, resend: resend, noteProperties: noteProperties)
    }

    mutating func object(_ first: JSONToken) throws(LimePlanDecodingError) -> LimeObjectPlan {
        let start = first.start
        guard first.kind == .objectStart else { throw failure("expected an object", at: start) }
        var role: LimeObjectPlan.Role?
        var limetype: String?
        var lookups: [LimeLookup] = []
        var create: [LimeProperty]?
        var relations: [LimeRelation] = []
        var adopts: [LimeRelation] = []
        try members(opened: true) { (reader, key) throws(LimePlanDecodingError) in
            switch key {
            case "role": role = try reader.role()
            case "limetype": limetype = try reader.string()
            case "lookups":
                try reader.elements { (reader, first) throws(LimePlanDecodingError) in
                    guard first.kind == .objectStart else {
                        throw reader.failure("expected an object", at: first.start)
                    }
                    var property: String?
                    var value: String?
                    var target: LimeObjectPlan.Role?
                    try reader.members(opened: true) { (reader, key) throws(LimePlanDecodingError) in
                        switch key {
                        case "property": property = try reader.string()
                        case "value": value = try reader.string()
                        case "target": target = try reader.role()
                        default: try reader.unknown(key)
                        }
                    }
                    guard let property, (value == nil) != (target == nil) else {
                        throw reader.failure(
                            "a lookup needs property and one of value and target", at: reader.tokenizer.offset)
                    }
                    lookups.append(
                        target.map { LimeLookup(property: property, target: $0) }
                            ?? LimeLookup(property: property, value: value!))
                }
            case "create":
                let first = try reader.token()
                guard first.kind != .null else { break }
                guard first.kind == .objectStart else {
                    throw reader.failure("create must be an object or null", at: first.start)
                }
                var properties: [LimeProperty] = []
                try reader.members(opened: true) { (reader, name) throws(LimePlanDecodingError) in
                    properties.append(LimeProperty(name: name, value: try reader.value()))
                }
                create = properties
            case "relations":
                try reader.members { (reader, property) throws(LimePlanDecodingError) in
                    relations.append(LimeRelation(property: property, target: try reader.role()))
                }
            case "adopts":
                try reader.members { (reader, property) throws(LimePlanDecodingError) in
                    adopts.append(LimeRelation(property: property, target: try reader.role()))
                }
            default: try reader.unknown(key)
            }
        }
        guard let role, let limetype else { throw failure("an object needs role and limetype", at: start) }
        return LimeObjectPlan(
            role: role, limetype: limetype, lookups: lookups, create: create, relations: relations, adopts: adopts)
    }

    /// A role name.
    mutating func role() throws(LimePlanDecodingError) -> LimeObjectPlan.Role {
        try name(LimeObjectPlan.Role.self, "role")
    }

    /// A string that names one of `Value`'s cases (`unknown role 'x'` at the string when it does not).
    mutating func name<Value: RawRepresentable<String>>(_: Value.Type, _ what: String) throws(LimePlanDecodingError)
        -> Value
    {
        let at = tokenizer.offset
        let text = try string()
        guard let value = Value(rawValue: text) else { throw failure("unknown \(what) '\(text)'", at: at) }
        return value
    }

    // MARK: - Tokens

    mutating func token() throws(LimePlanDecodingError) -> JSONToken {
        do throws(JSONError) {
            return try tokenizer.next()
        } catch {
            throw LimePlanDecodingError(message: error.message, offset: error.offset)
        }
    }

    func failure(_ message: String, at offset: Int) -> LimePlanDecodingError {
        LimePlanDecodingError(message: message, offset: offset)
    }

    /// Calls `body` with each key of the object that comes next (or, `opened`, whose `{` was read).
    mutating func members(
        opened: Bool = false, _ body: (inout PlanReader, String) throws(LimePlanDecodingError) -> Void
    ) throws(LimePlanDecodingError) {
        if !opened {
            let open = try token()
            guard open.kind == .objectStart else { throw failure("expected an object", at: open.start) }
        }
        while true {
            let key = try token()
            if key.kind == .objectEnd { return }
            keyStart = key.start
            try body(&self, tokenizer.string(key))
        }
    }

    /// Calls `body` with the first token of each element of the array that comes next.
    mutating func elements(_ body: (inout PlanReader, JSONToken) throws(LimePlanDecodingError) -> Void)
        throws(LimePlanDecodingError)
    {
        let open = try token()
        guard open.kind == .arrayStart else { throw failure("expected an array", at: open.start) }
        while true {
            let first = try token()
            if first.kind == .arrayEnd { return }
            try body(&self, first)
        }
    }

    mutating func string() throws(LimePlanDecodingError) -> String {
        let value = try token()
        guard value.kind == .string else { throw failure("expected a string", at: value.start) }
        return tokenizer.string(value)
    }

    /// A property value, with its exact JSON text.
    mutating func value() throws(LimePlanDecodingError) -> FieldValue {
        let first = try token()
        switch first.kind {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .number: return .number(tokenizer.numberText(first))
        case .string: return .string(tokenizer.string(first))
        case .objectStart, .arrayStart:
            var text: [UInt8] = []
            do throws(JSONError) {
                _ = try tokenizer.copyValue(startingWith: first, into: &text)
            } catch {
                throw LimePlanDecodingError(message: error.message, offset: error.offset)
            }
            return .json(String(decoding: text, as: UTF8.self))
        default: throw failure("expected a value", at: first.start)
        }
    }

    mutating func unknown(_ key: String) throws(LimePlanDecodingError) {
        throw failure("unknown member '\(key)'", at: keyStart)
    }
}
