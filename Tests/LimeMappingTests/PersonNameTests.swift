import Foundation
import Testing

@testable import LimeMapping

@Suite struct PersonNameTests {
    @Test(
        arguments: [
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

/// The blank test of lookup values against the Foundation trimming it replaced.
@Suite struct BlankValueTests {
    @Test func sameAsTrimmingWhitespaces() {
        let samples = [
            "", " ", "\t", "\u{00A0}", "\u{2003}", "\u{3000}", " \t\u{2009} ", "a", " a ", "\n", "\r", " \n ",
            "\u{200B}", "\u{FEFF}",
            "\u{2028}", "\u{0085}", "x\u{00A0}", "😀", "\u{000B}", "\u{000C}",
        ]
        for text in samples {
            #expect(
                LimeMapper.isBlank(text) == text.trimmingCharacters(in: .whitespaces).isEmpty,
                "\(text.debugDescription)")
        }
        // Every scalar, alone: the two rules name the same set.
        var differ: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if LimeMapper.isBlank(String(scalar)) != CharacterSet.whitespaces.contains(scalar) { differ.append(value) }
        }
        #expect(differ.isEmpty, "\(differ.map { String($0, radix: 16) })")
    }
}
