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

    /// A message body length: mostly short, some long; 20 to 2,000 bytes.
    mutating func bodyLength() -> Int {
        switch random.below(10) {
        case 0..<5: return 20 + random.below(200)
        case 5..<8: return 200 + random.below(600)
        default: return 800 + random.below(1_200)
        }
    }
}
