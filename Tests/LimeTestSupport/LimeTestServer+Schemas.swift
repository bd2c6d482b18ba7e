import Foundation

// MARK: - Limetype schemas

extension LimeTestServer {
    /// One property of a schema as Lime's `GET limetype/NAME/?_embed=properties` gives it.
    public static func property(
        _ name: String, _ type: String = "string", required: Bool = false, length: Int? = nil, options: [String]? = nil,
        related: String? = nil
    ) -> [String: Any] {
        var entry: [String: Any] = [
            "name": name, "type": type, "required": required, "length": length as Any? ?? NSNull(),
        ]
        if let options { entry["options"] = options.map { ["key": $0, "text": $0.capitalized, "inactive": false] } }
        entry["_links"] = related.map { ["related_type": ["href": "/app/api/v1/limetype/\($0)/"]] } ?? [:]
        return entry
    }

    /// The limetypes Lime's Userlike integration installs (its documentation's tables for a
    /// helpdesk target: `ulconversation`, and the relation on the target), plus a `deal`.
    public static var connectSchemas: [String: [[String: Any]]] {
        [
            "ulconversation": [
                property("conversationid", "integer"), property("link", "link", length: 512),
                property("contactid", length: 256),
                property("helpdesk", "belongsto", related: "helpdesk"), property("startedtime", "time"),
                property("contactfirstmessagetime", "time"),
            ],
            "helpdesk": [
                property("title"), property("source", "option", options: ["chat", "email", "phone"]),
                property("person", "belongsto", related: "person"),
                property("company", "belongsto", related: "company"),
                property("coworker", "belongsto", related: "coworker"),
                property("ulconversation", "belongsto", related: "ulconversation"),
            ],
            "deal": [
                property("name", required: true), property("person", "belongsto", related: "person"),
                property("company", "belongsto", related: "company"),
                property("coworker", "belongsto", related: "coworker"),
                property("ulconversation", "belongsto", related: "ulconversation"),
            ],
        ]
    }

    /// Adds or replaces schemas (a nil list removes the limetype).
    public func setSchemas(_ schemas: [String: [[String: Any]]?]) throws {
        var body: [String: Any] = [:]
        for (name, properties) in schemas {
            body[name] =
                properties.map { ["name": name, "_embedded": ["properties": $0]] as [String: Any] } ?? NSNull()
        }
        let data = try JSONSerialization.data(withJSONObject: ["schemas": body])
        try control(String(decoding: data, as: UTF8.self))
    }
}
