import LimeMapping
import Testing

@Suite struct PersonNameTests {
    @Test(arguments: [
        ("Peter Testman", "Peter", "Testman"),
        ("Cher", "Cher", nil),
        ("Anna Maria von Berg", "Anna Maria", "von Berg"),
        ("Ludwig van Beethoven", "Ludwig", "van Beethoven"),
        ("Mary-Jane Watson", "Mary-Jane", "Watson"),
        ("  Jürgen \t Groß  ", "Jürgen", "Groß"),
        ("Jean de La Fontaine", "Jean", "de La Fontaine"),
        ("山田 太郎", "山田", "太郎"),
        ("Van Morrison", "Van", "Morrison"),
    ] as [(String, String?, String?)])
    func splits(_ full: String, _ first: String?, _ last: String?) {
        let name = PersonName(full)
        #expect(name.first == first)
        #expect(name.last == last)
    }

    @Test func noName() {
        for input in [nil, "", "   ", "\n\t"] as [String?] {
            #expect(PersonName(input) == PersonName(nil))
            #expect(PersonName(input).first == nil && PersonName(input).last == nil)
        }
    }
}
