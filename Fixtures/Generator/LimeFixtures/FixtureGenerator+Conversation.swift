// MARK: - One conversation, shaped like Userlike's webhook payload

extension FixtureGenerator {
    /// A value as JSON text, before the adversarial variety decides what to do with it.
    enum Value {
        case text([UInt8])  // string contents, already escaped
        case number(Int)
        case time(Int)
        case null
        case bool(Bool)
        case raw(StaticString)
    }

    mutating func write(_ value: Value, into json: inout JSONBytes) {
        switch value {
        case .text(let contents): json.plainString(contents)
        case .number(let number): json.integer(number)
        case .time(let milliseconds): json.timestamp(milliseconds: milliseconds)
        case .null: json.raw("null")
        case .bool(let flag): json.raw(flag ? "true" : "false")
        case .raw(let text): json.raw(text)
        }
    }

    /// Writes `"key":value` (with a leading comma unless first). In the adversarial variety a
    /// wanted field may instead be left out, set to null or a value of another type, written with
    /// an escaped key, or written twice.
    mutating func member(
        _ key: StaticString, _ value: Value, wanted: Bool = false, first: inout Bool, into json: inout JSONBytes
    ) {
        var value = value
        var escapedKey = false
        var duplicate = false
        if variety == .adversarial && wanted {
            switch random.below(20) {
            case 0: return  // missing
            case 1: value = .null
            case 2: value = .number(random.below(1000) - 500)
            case 3: value = .bool(random.chance(50))
            case 4: value = .raw("[1,\"two\",{\"three\":[null,true]},[]]")
            case 5: value = .raw("{\"nested\":{\"a\":[1,2,{\"b\":\"c\\u00e9\"}]},\"x\":-0.5e-3}")
            case 6: escapedKey = true
            case 7: duplicate = true
            case 8: value = .text(text(length: 30, escapes: 60))
            default: break
            }
        }
        if duplicate {
            // A decoy first: the later key wins.
            writeKey(key, escaped: false, first: &first, into: &json)
            write(.raw("\"decoy\""), into: &json)
        }
        writeKey(key, escaped: escapedKey, first: &first, into: &json)
        write(value, into: &json)
    }

    mutating func writeKey(_ key: StaticString, escaped: Bool, first: inout Bool, into json: inout JSONBytes) {
        if !first { json.byte(UInt8(ascii: ",")) }
        first = false
        guard escaped else {
            json.key(key)
            return
        }
        // The key's first character as a \u escape: `"\u0062ody"` is the key "body".
        let bytes = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        let hex = Array("0123456789abcdef".utf8)
        json.raw("\"\\u00")
        json.byte(hex[Int(bytes[0] >> 4)])
        json.byte(hex[Int(bytes[0] & 0xF)])
        json.raw(Array(bytes.dropFirst()))
        json.raw("\":")
    }

    /// An object value for a wanted parent (`contact`, `sender`, ...): in the adversarial variety
    /// sometimes null, a string or an array instead.
    mutating func oddParent() -> StaticString? {
        guard variety == .adversarial else { return nil }
        switch random.below(12) {
        case 0: return "null"
        case 1: return "\"not an object\""
        case 2: return "[{\"email\":\"in@array.example\"}]"
        default: return nil
        }
    }

    mutating func writeConversation(messageCount: Int, into json: inout JSONBytes) {
        conversationID += 1 + random.below(5)
        clock += 60_000 + random.below(3_600_000)
        let id = conversationID
        let contactID = 79_189_089 + random.below(1_000_000)
        let operatorID = 180_783 + random.below(20)
        let escapes = variety == .adversarial ? 8 : 1
        var first = true
        json.byte(UInt8(ascii: "{"))
        member("accepts_messages", .bool(true), first: &first, into: &json)
        member("addon_urls", .raw("{}"), first: &first, into: &json)
        member("channel_custom_contact_identifier", .null, first: &first, into: &json)
        member("channel_custom_conversation_identifier", .null, first: &first, into: &json)
        if variety == .adversarial && random.chance(8) {
            // A contact that a later duplicate replaces whole.
            writeKey("contact", escaped: false, first: &first, into: &json)
            writeContact(id: contactID + 1, into: &json)
        }
        writeKey("contact", escaped: false, first: &first, into: &json)
        if let odd = oddParent() {
            json.raw(odd)
        } else if !(variety == .adversarial && random.chance(5)) {
            writeContact(id: contactID, into: &json)
        } else {
            json.raw("{}")
        }
        member(
            "contact_channel", .raw("{\"type\":\"web\",\"state\":\"valid\",\"name\":null,\"id\":null}"), first: &first,
            into: &json)
        member("contact_first_message_sent_at", .time(clock), first: &first, into: &json)
        member("contact_last_message_sent_at", .time(clock + 1000), first: &first, into: &json)
        member(
            "conversation_contact_uuid", .text(Array("c1235b36-c303-1111-8369-fg9ec0df5451".utf8)), first: &first,
            into: &json)
        member("conversation_group_id", .number(id), first: &first, into: &json)
        member(
            "conversation_part_set",
            .raw(
                "[{\"created_at\":\"2024-02-22T15:48:45.462Z\",\"ended_at\":null,\"duration\":\"00:00:45\",\"referrer\":null,\"id\":108109315,\"part_type\":\"ChatMeta\",\"name_friendly\":\"Conversation Part\",\"location\":{\"country\":\"Germany\",\"country_code\":\"DE\",\"city\":\"Cologne\",\"lat\":50.9375,\"lon\":6.9603},\"browser\":{\"name\":\"Chrome\",\"version\":\"123\",\"os\":\"Mac OS X\"},\"live\":true,\"category_label\":\"live\"}]"
            ), first: &first, into: &json)
        member("created_at", .time(clock), wanted: true, first: &first, into: &json)
        member("custom", .null, first: &first, into: &json)
        member("custom_field_data", .raw("{}"), first: &first, into: &json)
        member("customer_id", .number(2), first: &first, into: &json)
        member("data_privacy", .bool(false), first: &first, into: &json)
        member("ended_at", random.chance(50) ? .time(clock + 900_000) : .null, wanted: true, first: &first, into: &json)
        member("expiry_state", .number(0), first: &first, into: &json)
        member(
            "feedback_message", random.chance(20) ? .text(text(length: 40, escapes: escapes)) : .null, wanted: true,
            first: &first, into: &json)
        member("id", .number(id), wanted: true, first: &first, into: &json)
        member("interaction_type", .text(Array("human".utf8)), first: &first, into: &json)
        member(
            "language_name", .text(Array(random.chance(70) ? "English (US)".utf8 : "Deutsch".utf8)), wanted: true,
            first: &first, into: &json)
        writeKey("last_message", escaped: false, first: &first, into: &json)
        writeMessage(conversation: id, operatorID: operatorID, contactID: contactID, into: &json)
        member("locale", .text(Array("en_US".utf8)), first: &first, into: &json)
        member("marked_read_contact", .bool(false), first: &first, into: &json)
        member("operator_assigned_to", .number(operatorID), first: &first, into: &json)
        member("organization_id", .number(108_905), first: &first, into: &json)
        member("page_impressions", .number(1 + random.below(9)), first: &first, into: &json)
        member(
            "rate", random.chance(30) ? .number(1 + random.below(5)) : .null, wanted: true, first: &first, into: &json)
        writeKey("routing_info", escaped: false, first: &first, into: &json)
        if let odd = oddParent() {
            json.raw(odd)
        } else {
            json.raw("{\"mode\":\"target_group\",")
            var inner = true
            writeKey("operator_group", escaped: false, first: &inner, into: &json)
            if let odd = oddParent() {
                json.raw(odd)
            } else {
                json.raw("{\"id\":389341")
                var innermost = false
                member("name", .text(Array("Testing Peter Testman".utf8)), wanted: true, first: &innermost, into: &json)
                json.raw("}")
            }
            json.raw(",\"skills\":null}")
        }
        member("slot_reserved", .bool(true), first: &first, into: &json)
        member(
            "status", .text(Array(random.chance(50) ? "open".utf8 : "closed".utf8)), wanted: true, first: &first,
            into: &json)
        member("status_description", .text(Array("Open".utf8)), first: &first, into: &json)
        member(
            "subject", random.chance(30) ? .text(text(length: 30, escapes: escapes)) : .null, wanted: true,
            first: &first, into: &json)
        member("topics", .raw("[]"), first: &first, into: &json)
        writeTranscript(
            messageCount: messageCount, conversation: id, operatorID: operatorID, contactID: contactID, first: &first,
            into: &json)
        writeKey("um_widget", escaped: false, first: &first, into: &json)
        if let odd = oddParent() {
            json.raw(odd)
        } else {
            json.raw("{\"id\":139611")
            var inner = false
            member("name", .text(Array("Testing Peter Testman".utf8)), wanted: true, first: &inner, into: &json)
            json.raw(",\"language_name\":\"English (US)\"}")
        }
        member("updated_at", .time(clock + 2000), first: &first, into: &json)
        member("uuid", .null, first: &first, into: &json)
        member("visits", .number(1), first: &first, into: &json)
        member(
            "operator_assigned_to_email", .text(Array("peter.testman@userlike.com".utf8)), wanted: true, first: &first,
            into: &json)
        member("notes", .raw("[]"), first: &first, into: &json)
        member("_type", .text(Array("conversation".utf8)), first: &first, into: &json)
        member("_event", .text(Array("received_unread".utf8)), first: &first, into: &json)
        json.byte(UInt8(ascii: "}"))
    }

    mutating func writeContact(id: Int, into json: inout JSONBytes) {
        let escapes = variety == .adversarial ? 8 : 0
        var first = true
        let name = random.chance(80) ? Value.text(Vocabulary.names[random.below(Vocabulary.names.count)]) : .null
        let hasEmail = random.chance(60)
        json.byte(UInt8(ascii: "{"))
        member("city", random.chance(40) ? .text(Array("Köln".utf8)) : .null, wanted: true, first: &first, into: &json)
        member(
            "company",
            random.chance(40) ? .text(Vocabulary.companies[random.below(Vocabulary.companies.count)]) : .null,
            wanted: true, first: &first, into: &json)
        member("contact_by_email", .bool(true), first: &first, into: &json)
        member(
            "country", random.chance(40) ? .text(Array("Germany".utf8)) : .null, wanted: true, first: &first,
            into: &json)
        member("created_at", .time(clock - 2000), first: &first, into: &json)
        member("custom_field_data", .raw("{}"), first: &first, into: &json)
        var email = Array("contact".utf8)
        email += Array(String(id % 100_000).utf8) + Array("@example.com".utf8)
        member("email", hasEmail ? .text(email) : .null, wanted: true, first: &first, into: &json)
        member("email_verified", .bool(false), first: &first, into: &json)
        member(
            "external_customer_id", random.chance(20) ? .text(Array("CUST-0042".utf8)) : .null, wanted: true,
            first: &first, into: &json)
        member("id", .number(id), wanted: true, first: &first, into: &json)
        member("imports", .raw("[]"), first: &first, into: &json)
        member("loc_lat", .raw("50.9375"), first: &first, into: &json)
        member("loc_lon", .raw("6.9603"), first: &first, into: &json)
        member("locale", .text(Array("en_US".utf8)), first: &first, into: &json)
        member(
            "mobile_number", random.chance(30) ? .text(Array("+49 170 1234567".utf8)) : .null, wanted: true,
            first: &first, into: &json)
        member("name", name, wanted: true, first: &first, into: &json)
        member(
            "phone_number", random.chance(30) ? .text(Array("+49 221 9876543".utf8)) : .null, wanted: true,
            first: &first, into: &json)
        member(
            "position", random.chance(20) ? .text(text(length: 12, escapes: escapes)) : .null, wanted: true,
            first: &first, into: &json)
        member(
            "street", random.chance(30) ? .text(Array("Hauptstraße 1".utf8)) : .null, wanted: true, first: &first,
            into: &json)
        member("url_profile_picture", .null, first: &first, into: &json)
        member("whatsapp_campaign_subscriptions", .raw("[]"), first: &first, into: &json)
        json.byte(UInt8(ascii: "}"))
    }

    mutating func writeTranscript(
        messageCount: Int, conversation: Int, operatorID: Int, contactID: Int, first: inout Bool,
        into json: inout JSONBytes
    ) {
        if variety == .adversarial {
            switch random.below(14) {
            case 0: return  // no transcript
            case 1:
                member("transcript", .null, first: &first, into: &json)
                return
            case 2:
                member("transcript", .raw("{\"0\":{\"body\":\"not an array\"}}"), first: &first, into: &json)
                return
            case 3:
                // A transcript that a later duplicate replaces.
                member("transcript", .raw("[{\"body\":\"replaced\"}]"), first: &first, into: &json)
            default: break
            }
        }
        writeKey("transcript", escaped: false, first: &first, into: &json)
        json.byte(UInt8(ascii: "["))
        for index in 0..<messageCount {
            if index > 0 { json.byte(UInt8(ascii: ",")) }
            if variety == .adversarial && random.chance(4) {
                // A transcript element that is not an object.
                let odd: [StaticString] = ["42", "\"text\"", "null", "[1,2]", "true", "-0.0"]
                json.raw(odd[random.below(odd.count)])
                continue
            }
            writeMessage(conversation: conversation, operatorID: operatorID, contactID: contactID, into: &json)
        }
        json.byte(UInt8(ascii: "]"))
    }

    mutating func writeMessage(conversation: Int, operatorID: Int, contactID: Int, into json: inout JSONBytes) {
        clock += 1000 + random.below(60_000)
        let fromOperator = random.chance(50)
        let isNotification = random.chance(15)
        let escapes = variety == .adversarial ? 10 : 1
        let body = messageBody(escapes: escapes)
        var first = true
        json.byte(UInt8(ascii: "{"))
        member(
            "id", .text(Array("\(conversation).108109315.\(595_801_086 + random.below(1000))".utf8)), first: &first,
            into: &json)
        member("uuid", .null, first: &first, into: &json)
        member("conversation_id", .number(conversation), first: &first, into: &json)
        member("conversation_uuid", .null, first: &first, into: &json)
        member("part_id", .number(108_109_315), first: &first, into: &json)
        member("sent_at", .time(clock), wanted: true, first: &first, into: &json)
        member("operator_id", fromOperator ? .number(operatorID) : .null, first: &first, into: &json)
        member("reference", .null, first: &first, into: &json)
        member(
            "type", .text(Array(isNotification ? "notification".utf8 : "message".utf8)), wanted: true, first: &first,
            into: &json)
        member(
            "event", isNotification ? .text(Array("status_change".utf8)) : .null, wanted: true, first: &first,
            into: &json)
        member("body", .text(body), wanted: true, first: &first, into: &json)
        member("text_format", .text(Array("markdown_v1".utf8)), first: &first, into: &json)
        member("marked_read_operator", .bool(true), first: &first, into: &json)
        member("marked_read_contact", .bool(random.chance(50)), first: &first, into: &json)
        member(
            "state", .raw("{\"type\":3,\"error_code\":null,\"message\":\"Delivered to contact\"}"), first: &first,
            into: &json)
        member("links_found", .raw("[]"), first: &first, into: &json)
        member("url", .null, first: &first, into: &json)
        member("sent_at_time", .text(Array("15:49:23.146".utf8)), first: &first, into: &json)
        member(
            "operator_display_name", .text(Array(fromOperator ? "Peter Testman".utf8 : "".utf8)), first: &first,
            into: &json)
        member("operator_name", .text(Array(fromOperator ? "Peter Testman".utf8 : "".utf8)), first: &first, into: &json)
        member("operator_is_bot", .bool(false), first: &first, into: &json)
        member("msgid", .text(Array("\(conversation).108109315.595801817".utf8)), first: &first, into: &json)
        member("external_id", .null, first: &first, into: &json)
        member(
            "name", .text(Array(isNotification ? "Event".utf8 : fromOperator ? "Peter Testman".utf8 : "Contact".utf8)),
            wanted: true, first: &first, into: &json)
        member("display_name", .text(Array("Contact".utf8)), first: &first, into: &json)
        member("can_have_state", .bool(true), first: &first, into: &json)
        member("is_markdown_formatted", .bool(fromOperator), first: &first, into: &json)
        member("body_plain", .text(body), wanted: true, first: &first, into: &json)
        writeKey("sender", escaped: false, first: &first, into: &json)
        if let odd = oddParent() {
            json.raw(odd)
        } else {
            json.raw("{\"id\":")
            json.integer(fromOperator ? operatorID : contactID)
            var inner = false
            member(
                "type", .text(Array(isNotification ? "system".utf8 : fromOperator ? "operator".utf8 : "contact".utf8)),
                wanted: true, first: &inner, into: &json)
            json.raw("}")
        }
        member("conversation", .raw("{\"id\":63741936,\"uuid\":null}"), first: &first, into: &json)
        json.byte(UInt8(ascii: "}"))
    }
}
