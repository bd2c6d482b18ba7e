/// Words and escapes that generated text is made of: English, German, CJK and emoji, so that
/// strings hold 1-, 2-, 3- and 4-byte UTF-8.
enum Vocabulary {
    static let words: [[UInt8]] = [
        "hello", "thanks", "order", "invoice", "delivery", "question", "please", "help", "account", "password",
        "the", "a", "to", "and", "is", "it", "my", "your", "we", "can", "you", "check", "today", "tomorrow",
        "shipping", "refund", "payment", "subscription", "upgrade", "number", "email", "phone", "support",
        "Grüße", "Lieferung", "Bestellung", "schön", "Übersicht", "Straße", "möchte", "Rückerstattung",
        "こんにちは", "注文", "配送", "ありがとう", "你好", "谢谢", "订单", "😀", "👍", "🎉", "✅", "€", "naïve", "café",
    ].map { Array($0.utf8) }

    /// JSON escapes, as they stand in JSON text.
    static let escapes: [[UInt8]] = [
        #"\""#, #"\\"#, #"\/"#, #"\b"#, #"\f"#, #"\n"#, #"\r"#, #"\t"#, #"\u00e9"#, #"\u20AC"#, #"\u0000"#,
        #"\u001f"#, #"\u0007"#, #"\ud83d\ude00"#, #"\uD834\uDD1E"#, #"\u00FC"#, #"\u4f60"#,
    ].map { Array($0.utf8) }

    /// Whole chat lines, as contacts and operators type them (the seed payload's are 25 to 55
    /// bytes): English and German, umlauts, ß, emoji, a little markdown.
    static let chatLines: [[UInt8]] = [
        "Hello, you're talking to Peter Testman. How can I help?", "Hello, I have a question.",
        "Hello, how can I help you?", "Hallo, ich habe eine Frage zu meiner Bestellung.", "Können Sie mir helfen?",
        "Danke schön! 😊", "Einen Moment bitte, ich prüfe das kurz.", "Meine Lieferung ist noch nicht da 😕",
        "Die Rückerstattung ist unterwegs 👍", "Grüße aus Köln 👋", "Where is my order?", "Thanks, that helped!",
        "Could you send me the invoice again?", "Ich möchte mein Passwort ändern.", "Ok 👌", "ja", "Super, vielen Dank!",
        "Your parcel ships **tomorrow** 🚚", "Bitte prüfen Sie Ihr Postfach 📧", "Schönes Wochenende! 🎉",
        "Is there anything else I can do for you?", "Nein, das wäre alles.", "Größe M bitte, nicht L.",
        "Sorry, one more thing…", "Bestellnummer 4711-0815", "Gern geschehen 🙂", "✅ erledigt", "Tschüss!",
    ].map { Array($0.utf8) }

    /// A line break inside a chat body, as it stands in JSON text.
    static let lineBreak: [UInt8] = Array(#"\n"#.utf8)

    static let names: [[UInt8]] = [
        "Peter Testman", "Anna Maria von Berg", "Cher", "Jürgen Groß", "山田 太郎", "Chloé Dubois", "O'Brien",
        "Mary-Jane Watson", "Zoë", "Lars Ulrich",
    ].map { Array($0.utf8) }

    static let companies: [[UInt8]] = ["Acme GmbH", "Lime Technologies", "Userlike", "Müller & Söhne", "株式会社テスト"]
        .map { Array($0.utf8) }
}

extension FixtureGenerator {
    /// String contents (already valid inside JSON quotes) of about `length` bytes.
    mutating func text(length: Int, escapes percent: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(length + 16)
        while out.count < length {
            if !out.isEmpty { out.append(UInt8(ascii: " ")) }
            if percent > 0 && random.chance(percent) {
                out.append(contentsOf: Vocabulary.escapes[random.below(Vocabulary.escapes.count)])
            } else {
                out.append(contentsOf: Vocabulary.words[random.below(Vocabulary.words.count)])
            }
        }
        return out
    }

    /// A message body in the generator's ``FixtureGenerator/Shape``.
    mutating func messageBody(escapes percent: Int) -> [UInt8] {
        switch shape {
        case .long: return text(length: bodyLength(), escapes: percent)
        case .chat: return chatBody(escapes: percent)
        }
    }

    /// One to three chat lines, joined by a space or (one in five) a line break; an escape before
    /// a line `percent` per cent of the time.
    mutating func chatBody(escapes percent: Int) -> [UInt8] {
        var out: [UInt8] = []
        let lines = random.chance(70) ? 1 : 2 + random.below(2)
        for index in 0..<lines {
            if index > 0 {
                if random.chance(20) { out.append(contentsOf: Vocabulary.lineBreak) } else { out.append(0x20) }
            }
            if percent > 0 && random.chance(percent) {
                out.append(contentsOf: Vocabulary.escapes[random.below(Vocabulary.escapes.count)])
                out.append(0x20)
            }
            out.append(contentsOf: Vocabulary.chatLines[random.below(Vocabulary.chatLines.count)])
        }
        return out
    }

    /// A message body length: mostly short, some long; 20 to 2,000 bytes.
    mutating func bodyLength() -> Int {
        switch random.below(10) {
        case 0..<5: return 20 + random.below(200)
        case 5..<8: return 200 + random.below(600)
        default: return 800 + random.below(1_200)
        }
    }
}
