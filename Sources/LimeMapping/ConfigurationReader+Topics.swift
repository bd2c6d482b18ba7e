import Foundation

// MARK: - Topic instances, the conversation record, the re-send rule

extension ConfigurationReader {
    /// The roles a relation may name: the objects a plan can have before the one related.
    func checkRole(_ role: String, _ path: String, hasRecord: Bool) throws(MappingConfigurationError)
        -> LimeObjectPlan.Role
    {
        let roles = hasRecord ? ["person", "company", "coworker", "conversation"] : ["person", "company", "coworker"]
        guard roles.contains(role), let known = LimeObjectPlan.Role(rawValue: role) else {
            let hint = role == "conversation" ? " ('conversation' needs a conversation section)" : ""
            throw MappingConfigurationError(
                .wrongType, path: path, "must be one of \(roles.joined(separator: ", ")) (found '\(role)')\(hint)")
        }
        return known
    }

    /// A `relations` object at `path`, `{"PROPERTY": "ROLE", ...}`, as the plan's relations (in
    /// the order of their properties): the history's and a topic instance's alike.
    func relations(_ object: [String: Any], _ path: String, hasRecord: Bool) throws(MappingConfigurationError)
        -> [LimeRelation]
    {
        var relations: [LimeRelation] = []
        for property in object.keys.sorted() {
            let relationPath = join(path, property)
            let role: String = try typed(object[property]!, relationPath, as: String.self, "a role name")
            relations.append(
                LimeRelation(property: property, target: try checkRole(role, relationPath, hasRecord: hasRecord)))
        }
        return relations
    }

    /// A JSON boolean (JSONSerialization gives NSNumber for both booleans and numbers).
    func flag(_ value: Any, _ path: String) throws(MappingConfigurationError) -> Bool {
        guard let number = value as? NSNumber, String(cString: number.objCType) == "c" else {
            throw MappingConfigurationError(.wrongType, path: path, "must be true or false")
        }
        return number.boolValue
    }

    /// `types` with Userlike's `notification` messages added or taken out (Lime's
    /// `includeNotifications`).
    static func messageTypes(_ types: [String], includingNotifications include: Bool) -> [String] {
        let others = types.filter { $0 != "notification" }
        return include ? others + ["notification"] : others
    }

    func conversationRecord(_ root: [String: Any]) throws(MappingConfigurationError) -> MappingConfiguration
        .ConversationRecordMapping?
    {
        guard root["conversation"] != nil else { return nil }
        let key = "conversation"
        let object: [String: Any] = try required(root, key, "", as: [String: Any].self, "an object")
        try allowOnly(["limetype", "properties", "conversationIDProperty", "baseUrl"], in: object, path: key)
        let mapping = try objectMapping(object, key)
        let property = try text(object, "conversationIDProperty", key)
        let base = try text(object, "baseUrl", key)
        guard let url = URL(string: base), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased())
        else {
            throw MappingConfigurationError(
                .wrongType, path: join(key, "baseUrl"), "must be an http(s) URL (found '\(base)')")
        }
        return MappingConfiguration.ConversationRecordMapping(
            object: mapping, conversationIDProperty: property, baseURL: base)
    }

    func topics(_ root: [String: Any], hasRecord: Bool) throws(MappingConfigurationError) -> [MappingConfiguration
        .TopicInstance]
    {
        guard let value = root["topics"] else { return [] }
        let list: [Any] = try typed(value, "topics", as: [Any].self, "an array of topic instances")
        var instances: [MappingConfiguration.TopicInstance] = []
        for (index, element) in list.enumerated() {
            let path = "topics[\(index)]"
            let object: [String: Any] = try typed(element, path, as: [String: Any].self, "an object")
            try allowOnly(
                [
                    "topic", "limetype", "properties", "relations", "conversationIDProperty", "conversationRelation",
                    "historyRelation", "includeNotifications",
                ],
                in: object, path: path)
            let topic = try text(object, "topic", path)
            if let earlier = instances.firstIndex(where: { $0.topic == topic }) {
                // Lime's integration makes one object per conversation, so one instance per topic.
                throw MappingConfigurationError(
                    .wrongType, path: join(path, "topic"), "'\(topic)' is the topic of topics[\(earlier)] already")
            }
            let mapping = try objectMapping(object, path)
            var relations: [LimeRelation] = []
            if let value = object["relations"] {
                let relationsObject: [String: Any] = try typed(
                    value, join(path, "relations"), as: [String: Any].self, "an object")
                relations = try self.relations(relationsObject, join(path, "relations"), hasRecord: hasRecord)
            }
            let idProperty =
                object["conversationIDProperty"] == nil ? nil : try text(object, "conversationIDProperty", path)
            let recordRelation =
                object["conversationRelation"] == nil ? nil : try text(object, "conversationRelation", path)
            if recordRelation != nil && !hasRecord {
                throw MappingConfigurationError(
                    .missingKey, path: join(path, "conversationRelation"),
                    "needs a conversation section (the record it relates to)")
            }
            guard idProperty != nil || recordRelation != nil else {
                // Without one of them a create whose answer was lost could not be found again.
                throw MappingConfigurationError(
                    .missingKey, path: join(path, "conversationRelation"),
                    "missing: a topic instance needs conversationRelation or conversationIDProperty (how it is found when the conversation is sent again)"
                )
            }
            let notifications = try object["includeNotifications"].map {
                (value: Any) throws(MappingConfigurationError) in
                try flag(value, join(path, "includeNotifications"))
            }
            instances.append(
                MappingConfiguration.TopicInstance(
                    topic: topic, object: mapping, relations: relations, conversationIDProperty: idProperty,
                    conversationRelation: recordRelation,
                    historyRelation: try text(object, "historyRelation", path), includeNotifications: notifications))
        }
        return instances
    }

    func resend(_ root: [String: Any]) throws(MappingConfigurationError) -> MappingConfiguration.ResendRule {
        guard let value = root["resend"] else { return .keep }
        let name: String = try typed(value, "resend", as: String.self, "a string")
        guard let rule = MappingConfiguration.ResendRule(rawValue: name) else {
            throw MappingConfigurationError(
                .wrongType, path: "resend",
                "must be one of \(MappingConfiguration.ResendRule.allCases.map(\.rawValue).joined(separator: ", ")) (found '\(name)')"
            )
        }
        return rule
    }

    /// The `link` source is only known with a conversation section: a mapping that names it
    /// without one is a mistake, said before any conversation is read. (`transcript` outside the
    /// history stays what it was, a property left out, so that existing files keep working.)
    func checkLinks(_ configuration: MappingConfiguration) throws(MappingConfigurationError) {
        var sections: [(String, MappingConfiguration.ObjectMapping)] = [
            ("person", configuration.person), ("company", configuration.company), ("coworker", configuration.coworker),
            ("history", configuration.history.object),
        ]
        if let record = configuration.conversationRecord { sections.append(("conversation", record.object)) }
        for (index, instance) in configuration.topics.enumerated() {
            sections.append(("topics[\(index)]", instance.object))
        }
        for (path, mapping) in sections {
            for property in mapping.properties {
                let at = join(join(path, "properties"), property.name)
                if property.source == .field(.link) && configuration.conversationRecord == nil {
                    throw MappingConfigurationError(
                        .unknownSourceField, path: at, "'link' needs a conversation section (its baseUrl)")
                }
            }
        }
    }
}
