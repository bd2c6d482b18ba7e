/// A contact's name split into first and last name, as Lime's person limetype wants them.
///
/// The rule: words are split on whitespace (collapsed, trimmed). One word is a first name.
/// Otherwise the last name starts at the first name particle after the first word (`von`, `van`,
/// `de`, `der`, `den`, `da`, `di`, `du`, `del`, `della`, `la`, `le`, `ter`, `ten`, `zu`), else it
/// is the last word: "Anna Maria von Berg" is Anna Maria / von Berg, "Peter Testman" is
/// Peter / Testman, "Cher" is Cher / none.
public struct PersonName: Sendable, Equatable {
    /// The first name(s); nil when there is no name.
    public var first: String?
    /// The last name, with its particle; nil for a single name or no name.
    public var last: String?

    static let particles: Set<String> = [
        "von", "van", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le", "ter", "ten", "zu",
    ]

    /// Splits `fullName` (nil, empty or blank gives no name).
    public init(_ fullName: String?) {
        let words = (fullName ?? "").split(whereSeparator: { $0.isWhitespace }).map(String.init)
        guard !words.isEmpty else { return }
        guard words.count > 1 else {
            first = words[0]
            return
        }
        var split = words.count - 1
        if let particle = words.indices.dropFirst().first(where: { Self.particles.contains(words[$0].lowercased()) }) {
            split = particle
        }
        first = words[..<split].joined(separator: " ")
        last = words[split...].joined(separator: " ")
    }
}
