/// One way a mapping does not fit the customer's Lime schema: which mapping key, and what is wrong.
public struct SchemaProblem: Sendable, Equatable, CustomStringConvertible {
    /// The mapping key path (`history.properties.note`, `topics[0].relations.company`).
    public var path: String
    /// What is wrong, for people.
    public var message: String

    /// Creates a problem.
    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    /// `PATH: MESSAGE`, the line `limestream check` prints.
    public var description: String { "\(path): \(message)" }
}

/// Compares a mapping with the schemas of the limetypes it names (pure; the schemas come from
/// ``LimeSchema``): every property the mapping writes or looks objects up by must exist; values
/// must not go into relations, and relations must be relations to the limetype of the object they
/// get; option keys must be among the active options; a required property of an object that is
/// created must be mapped; the note field must hold the note cap.
public enum SchemaCheck {
    /// The limetypes a mapping names, each once, in the mapping's order.
    public static func limetypes(of configuration: MappingConfiguration) -> [String] {
        var names: [String] = []
        for section in sections(configuration) where !names.contains(section.limetype) {
            names.append(section.limetype)
        }
        return names
    }

    /// The problems, in the mapping's order; `schemas[name]` is `.some(nil)` for a limetype Lime
    /// does not have. A limetype missing from `schemas` is not checked.
    public static func problems(_ configuration: MappingConfiguration, schemas: [String: LimeSchema?])
        -> [SchemaProblem]
    {
        var problems: [SchemaProblem] = []
        for section in sections(configuration) {
            guard let entry = schemas[section.limetype] else { continue }
            guard let schema = entry else {
                problems.append(
                    SchemaProblem(path: section.path + ".limetype", "Lime has no limetype '\(section.limetype)'"))
                continue
            }
            for use in section.uses {
                guard let property = schema.property(use.property) else {
                    problems.append(SchemaProblem(path: use.path, "\(schema.name) has no property '\(use.property)'"))
                    continue
                }
                if let problem = check(use, property, schema) {
                    problems.append(SchemaProblem(path: use.path, problem))
                }
            }
            if section.isCreated {
                let written = Set(section.uses.filter(\.isWritten).map(\.property))
                for property in schema.properties
                where property.isRequired && !property.name.hasPrefix("_") && !written.contains(property.name) {
                    problems.append(
                        SchemaProblem(path: section.path, "\(schema.name).\(property.name) is required and not mapped"))
                }
            }
        }
        return problems
    }

    /// What the mapping does with one property.
    struct Use {
        enum Kind {
            /// A value from a field (`time`, `string`, ... anything but a relation).
            case value
            /// A constant: for an option property, the option key.
            case constant(String)
            /// The option key of the history type.
            case option(String)
            /// A relation to an object of this limetype.
            case relation(String)
            /// The transcript note, at most this many UTF-8 bytes.
            case note(Int)
            /// A property objects are looked up by, never written.
            case lookup
        }
        var path: String
        var property: String
        var kind: Kind
        /// Whether the mapping writes it (so a required property is mapped).
        var isWritten = true

        init(path: String, property: String, kind: Kind, isWritten: Bool? = nil) {
            self.path = path
            self.property = property
            self.kind = kind
            if case .lookup = kind { self.isWritten = false } else { self.isWritten = isWritten ?? true }
        }
    }

    struct Section {
        var path: String
        var limetype: String
        var isCreated: Bool
        var uses: [Use]
    }

    static func check(_ use: Use, _ property: LimeSchema.Property, _ schema: LimeSchema) -> String? {
        let name = "\(schema.name).\(property.name)"
        switch use.kind {
        case .relation(let limetype):
            guard let related = property.relatedType else {
                return "\(name) is not a relation (its type is \(property.type))"
            }
            return related == limetype ? nil : "\(name) relates to \(related), not to \(limetype)"
        case .value, .note, .constant, .option, .lookup:
            if let related = property.relatedType { return "\(name) is a relation to \(related), not a value" }
        }
        func option(_ key: String) -> String? {
            guard let option = property.options.first(where: { $0.key == key }) else {
                let keys = property.options.filter { !$0.isInactive }.map(\.key)
                return
                    "'\(key)' is not an option of \(name) (options: \(keys.isEmpty ? "none" : keys.joined(separator: ", ")))"
            }
            return option.isInactive ? "'\(key)' is an inactive option of \(name)" : nil
        }
        switch use.kind {
        case .option(let key):
            guard property.type == "option" else {
                return "\(name) is not an option property (its type is \(property.type))"
            }
            return option(key)
        case .constant(let key) where property.type == "option":
            return option(key)
        case .note(let cap):
            guard let length = property.length, length > 0, length < cap else { return nil }
            return
                "\(name) holds at most \(length) characters, less than the note cap of \(cap) bytes (history.note.maxBytes); set its length to 0 (no limit) or lower maxBytes"
        default:
            return nil
        }
    }

    /// Every limetype the mapping writes or reads, with what it does to each property.
    static func sections(_ configuration: MappingConfiguration) -> [Section] {
        func values(_ mapping: MappingConfiguration.ObjectMapping, _ path: String, match: Bool) -> [Use] {
            mapping.properties.map { property in
                let at = path + ".properties." + property.name
                switch property.source {
                case .constant(let text): return Use(path: at, property: property.name, kind: .constant(text))
                case .field(.transcript):
                    return Use(path: at, property: property.name, kind: .note(configuration.history.note.maxBytes))
                case .field: return Use(path: at, property: property.name, kind: match ? .lookup : .value)
                }
            }
        }
        func relations(_ list: [LimeRelation], _ path: String) -> [Use] {
            list.compactMap { relation in
                guard let limetype = limetype(of: relation.target, configuration) else { return nil }
                return Use(
                    path: path + ".relations." + relation.property, property: relation.property,
                    kind: .relation(limetype))
            }
        }
        var person = values(configuration.person, "person", match: false)
        if let relation = configuration.personCompanyRelation {
            // Read from a found person, not written: it must exist but does not map a required property.
            person.append(
                Use(
                    path: "person.companyRelation", property: relation, kind: .relation(configuration.company.limetype),
                    isWritten: false))
        }
        var sections = [
            Section(path: "person", limetype: configuration.person.limetype, isCreated: true, uses: person),
            Section(
                path: "company", limetype: configuration.company.limetype, isCreated: true,
                uses: values(configuration.company, "company", match: false)),
            Section(
                path: "coworker", limetype: configuration.coworker.limetype, isCreated: false,
                uses: values(configuration.coworker, "coworker", match: true)),
        ]
        if let record = configuration.conversationRecord {
            let uses =
                [
                    Use(
                        path: "conversation.conversationIDProperty", property: record.conversationIDProperty,
                        kind: .value)
                ]
                + values(record.object, "conversation", match: false)
            sections.append(
                Section(path: "conversation", limetype: record.object.limetype, isCreated: true, uses: uses))
        }
        let history = configuration.history
        var historyUses = values(history.object, "history", match: false)
        historyUses.append(
            Use(path: "history.type.option", property: history.typeProperty, kind: .option(history.typeOption)))
        historyUses.append(
            Use(path: "history.conversationIDProperty", property: history.conversationIDProperty, kind: .value))
        historyUses += relations(history.relations, "history")
        for (index, instance) in configuration.topics.enumerated() {
            let path = "topics[\(index)]"
            var uses = values(instance.object, path, match: false)
            uses += relations(instance.relations, path)
            if let property = instance.conversationRelation, let record = configuration.conversationRecord {
                uses.append(
                    Use(
                        path: path + ".conversationRelation", property: property,
                        kind: .relation(record.object.limetype)))
            }
            if let property = instance.conversationIDProperty {
                uses.append(Use(path: path + ".conversationIDProperty", property: property, kind: .value))
            }
            sections.append(Section(path: path, limetype: instance.object.limetype, isCreated: true, uses: uses))
            historyUses.append(
                Use(
                    path: path + ".historyRelation", property: instance.historyRelation,
                    kind: .relation(instance.object.limetype)))
        }
        sections.append(Section(path: "history", limetype: history.object.limetype, isCreated: true, uses: historyUses))
        return sections
    }

    static func limetype(of role: LimeObjectPlan.Role, _ configuration: MappingConfiguration) -> String? {
        switch role {
        case .person: return configuration.person.limetype
        case .company: return configuration.company.limetype
        case .coworker: return configuration.coworker.limetype
        case .conversation: return configuration.conversationRecord?.object.limetype
        case .instance, .history: return nil
        }
    }
}
