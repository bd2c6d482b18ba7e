import Foundation

/// One limetype of a customer's Lime CRM application as its REST API describes it
/// (`GET /api/v1/limetype/NAME/?_embed=properties`): the properties with their types, whether
/// they are required, their length, an option field's options, a relation's related limetype.
public struct LimeSchema: Sendable, Equatable {
    /// One property.
    public struct Property: Sendable, Equatable {
        /// Its name (`firstname`).
        public var name: String
        /// Lime's type name (`string`, `text`, `option`, `belongsto`, `time`, ...).
        public var type: String
        /// Whether an object cannot be created without it.
        public var isRequired: Bool
        /// The most characters it holds; nil or 0: no limit.
        public var length: Int?
        /// An option property's options.
        public var options: [Option]
        /// The limetype a relation property points to; nil for other properties.
        public var relatedType: String?

        /// Creates a property.
        public init(
            name: String, type: String, isRequired: Bool = false, length: Int? = nil, options: [Option] = [],
            relatedType: String? = nil
        ) {
            self.name = name
            self.type = type
            self.isRequired = isRequired
            self.length = length
            self.options = options
            self.relatedType = relatedType
        }

        /// Whether it relates to another limetype (its value is that object's id).
        public var isRelation: Bool { relatedType != nil }
    }

    /// One option of an option property.
    public struct Option: Sendable, Equatable {
        /// The key written into the property (`comment`).
        public var key: String
        /// What users see.
        public var text: String
        /// Whether the option may no longer be chosen.
        public var isInactive: Bool

        /// Creates an option.
        public init(key: String, text: String = "", isInactive: Bool = false) {
            self.key = key
            self.text = text
            self.isInactive = isInactive
        }
    }

    /// The limetype's name.
    public var name: String
    /// Its properties, in Lime's order.
    public var properties: [Property]

    /// Creates a schema.
    public init(name: String, properties: [Property]) {
        self.name = name
        self.properties = properties
    }

    /// The property called `name`, if there is one.
    public func property(_ name: String) -> Property? { properties.first { $0.name == name } }

    /// Reads Lime's answer: `{"name": ..., "_embedded": {"properties": [{"name", "type",
    /// "required", "length", "options": [{"key", "text", "inactive"}], "_links": {"related_type":
    /// ...}}]}}`. `related_type` may be a name, `{"name": ...}` or a link `{"href":
    /// ".../limetype/NAME/"}`.
    ///
    /// - Throws: ``LimeSchemaError`` for an answer without a name or properties.
    public init(json bytes: [UInt8]) throws(LimeSchemaError) {
        guard let root = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw LimeSchemaError(message: "not a JSON object")
        }
        guard let name = root["name"] as? String else { throw LimeSchemaError(message: "no name") }
        guard let list = (root["_embedded"] as? [String: Any])?["properties"] as? [Any] else {
            throw LimeSchemaError(message: "no _embedded.properties")
        }
        var properties: [Property] = []
        for (index, element) in list.enumerated() {
            guard let object = element as? [String: Any], let propertyName = object["name"] as? String else {
                throw LimeSchemaError(message: "property \(index) has no name")
            }
            let options = (object["options"] as? [Any] ?? []).compactMap { option -> Option? in
                guard let option = option as? [String: Any], let key = option["key"] as? String else { return nil }
                return Option(
                    key: key, text: option["text"] as? String ?? "",
                    isInactive: (option["inactive"] as? NSNumber)?.boolValue ?? false)
            }
            properties.append(
                Property(
                    name: propertyName, type: object["type"] as? String ?? "",
                    isRequired: (object["required"] as? NSNumber)?.boolValue ?? false,
                    length: (object["length"] as? NSNumber)?.intValue, options: options,
                    relatedType: Self.relatedType((object["_links"] as? [String: Any])?["related_type"])))
        }
        self.init(name: name, properties: properties)
    }

    static func relatedType(_ value: Any?) -> String? {
        switch value {
        case let name as String: return name.isEmpty ? nil : name
        case let object as [String: Any]:
            if let name = object["name"] as? String { return name }
            guard let href = object["href"] as? String else { return nil }
            // `.../api/v1/limetype/company/`: the last path segment.
            return href.split(separator: "/").last.map(String.init)
        default: return nil
        }
    }
}

/// A limetype schema that does not read.
public struct LimeSchemaError: Error, Sendable, Equatable {
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(message: String) { self.message = message }
}
