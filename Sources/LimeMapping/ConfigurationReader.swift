import Foundation

/// Reads the parts of a mapping file, each with its key path for errors.
struct ConfigurationReader {
    func allowOnly(_ keys: Set<String>, in object: [String: Any], path: String) throws(MappingConfigurationError) {
        for key in object.keys.sorted() where !keys.contains(key) {
            throw MappingConfigurationError(
                .unknownKey, path: join(path, key),
                "unknown key (expected one of: \(keys.sorted().joined(separator: ", ")))")
        }
    }

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    func required<T>(_ object: [String: Any], _ key: String, _ path: String, as type: T.Type, _ typeName: String)
        throws(MappingConfigurationError) -> T
    {
        guard let value = object[key] else {
            throw MappingConfigurationError(.missingKey, path: join(path, key), "missing (required)")
        }
        return try typed(value, join(path, key), as: type, typeName)
    }

    func typed<T>(_ value: Any, _ path: String, as type: T.Type, _ typeName: String) throws(MappingConfigurationError)
        -> T
    {
        // JSONSerialization gives NSNumber for booleans too: keep them apart.
        if T.self == Int.self, let number = value as? NSNumber, String(cString: number.objCType) != "c",
            let integer = Int(exactly: number.doubleValue)
        {
            return integer as! T
        }
        if T.self != Int.self, let result = value as? T, !(value is NSNumber && T.self == String.self) {
            return result
        }
        throw MappingConfigurationError(.wrongType, path: path, "must be \(typeName)")
    }

    func text(_ object: [String: Any], _ key: String, _ path: String) throws(MappingConfigurationError) -> String {
        let value: String = try required(object, key, path, as: String.self, "a string")
        guard !value.isEmpty else {
            throw MappingConfigurationError(.wrongType, path: join(path, key), "must not be empty")
        }
        return value
    }

    func source(_ value: Any, _ path: String) throws(MappingConfigurationError) -> MappingConfiguration.ValueSource {
        if let name = value as? String {
            guard let field = SourceField(rawValue: name) else {
                throw MappingConfigurationError(
                    .unknownSourceField, path: path,
                    "unknown source field '\(name)' (known: \(SourceField.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            return .field(field)
        }
        if let constant = value as? [String: Any] {
            try allowOnly(["value"], in: constant, path: path)
            return .constant(try required(constant, "value", path, as: String.self, "a string"))
        }
        throw MappingConfigurationError(
            .wrongType, path: path, "must be a source field name or {\"value\": \"constant\"}")
    }

    func object(_ root: [String: Any], _ key: String) throws(MappingConfigurationError)
        -> MappingConfiguration.ObjectMapping
    {
        let object: [String: Any] = try required(root, key, "", as: [String: Any].self, "an object")
        try allowOnly(["limetype", "match", "properties"], in: object, path: key)
        return try objectMapping(object, key)
    }

    func objectMapping(_ object: [String: Any], _ path: String) throws(MappingConfigurationError)
        -> MappingConfiguration.ObjectMapping
    {
        let limetype = try text(object, "limetype", path)
        let properties: [String: Any] = try required(object, "properties", path, as: [String: Any].self, "an object")
        var mapped: [(name: String, source: MappingConfiguration.ValueSource)] = []
        for name in properties.keys.sorted() {
            mapped.append((name, try source(properties[name]!, join(join(path, "properties"), name))))
        }
        var match: [String] = []
        if let value = object["match"] {
            match = try typed(value, join(path, "match"), as: [String].self, "an array of property names")
            for (index, property) in match.enumerated() where properties[property] == nil {
                throw MappingConfigurationError(
                    .unknownMatchProperty, path: join(path, "match") + "[\(index)]",
                    "'\(property)' is not one of \(path).properties")
            }
        }
        return MappingConfiguration.ObjectMapping(limetype: limetype, properties: mapped, match: match)
    }

    func history(_ root: [String: Any], _ key: String, hasRecord: Bool = false) throws(MappingConfigurationError)
        -> MappingConfiguration.HistoryMapping
    {
        let history: [String: Any] = try required(root, key, "", as: [String: Any].self, "an object")
        try allowOnly(
            ["limetype", "match", "properties", "type", "conversationIDProperty", "relations", "note"], in: history,
            path: key)
        let object = try objectMapping(history, key)
        let type: [String: Any] = try required(history, "type", key, as: [String: Any].self, "an object")
        try allowOnly(["property", "option"], in: type, path: join(key, "type"))
        let relationsObject: [String: Any] = try required(
            history, "relations", key, as: [String: Any].self, "an object")
        let relations = try relations(relationsObject, join(key, "relations"), hasRecord: hasRecord)
        let noteObject: [String: Any] = try required(history, "note", key, as: [String: Any].self, "an object")
        let notePath = join(key, "note")
        try allowOnly(["messageTypes", "timeZone", "maxBytes", "includeNotifications"], in: noteObject, path: notePath)
        var types: [String] = try required(
            noteObject, "messageTypes", notePath, as: [String].self, "an array of strings")
        if let value = noteObject["includeNotifications"] {
            let include: Bool = try flag(value, join(notePath, "includeNotifications"))
            types = Self.messageTypes(types, includingNotifications: include)
        }
        let zoneName = try text(noteObject, "timeZone", notePath)
        guard let zone = TimeZone(identifier: zoneName) else {
            throw MappingConfigurationError(
                .unknownTimeZone, path: join(notePath, "timeZone"),
                "unknown time zone '\(zoneName)' (use an IANA name such as Europe/Berlin)")
        }
        let maxBytes: Int = try required(noteObject, "maxBytes", notePath, as: Int.self, "a whole number")
        guard maxBytes >= 64 else {
            throw MappingConfigurationError(
                .invalidSize, path: join(notePath, "maxBytes"), "must be at least 64 (found \(maxBytes))")
        }
        return MappingConfiguration.HistoryMapping(
            object: object, typeProperty: try text(type, "property", join(key, "type")),
            typeOption: try text(type, "option", join(key, "type")),
            conversationIDProperty: try text(history, "conversationIDProperty", key), relations: relations,
            note: TranscriptNote.Settings(messageTypes: types, timeZone: zone, maxBytes: maxBytes))
    }
}
