import LimeFixtures
import LimeJSON
import Testing

/// The C kernels of the long-string scan (`lime_scan_string_avx2`, `lime_scan_string_avx512`: 32
/// and 64 bytes a step) against the same Table 3-7 reference as the Swift blocks
/// (``StringBlockTests``): the same acceptance, the same error at the same offset, the same count
/// of continuation bytes, with each sequence at every lane of a step and texts long enough that
/// the kernel takes them (it starts only with 64 bytes or more ahead), ending in the Swift blocks
/// after it or inside a step.
///
/// Serialized, and the only suite that sets ``JSONTokenizer/stringKernel``: other suites may
/// tokenize while it runs, and every kernel gives them the same answers.
@Suite(.serialized) struct StringKernelTests {
    static let kernels = StructuralIndexer.availableKernels.filter { $0 != .swift }

    static func with(_ kernel: StructuralIndexer.Kernel, _ body: () -> Void) {
        let saved = JSONTokenizer.stringKernel
        JSONTokenizer.stringKernel = kernel
        defer { JSONTokenizer.stringKernel = saved }
        body()
    }

    /// Leads at the edges of each row of the table with second, third and fourth bytes at the edges
    /// of their ranges (and a quote, which ends the string inside a character), at every lane of a
    /// 64-byte step.
    @Test(arguments: kernels)
    func tableEdgesAtEveryLane(_ kernel: StructuralIndexer.Kernel) {
        let leads: [UInt8] = [0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF3, 0xF4, 0xF5, 0xFF]
        let seconds: [UInt8] = [0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0x22]
        let laters: [UInt8] = [0x41, 0x80, 0xBF, 0x22]
        var failures = 0
        Self.with(kernel) {
            for lead in leads {
                for second in seconds {
                    for third in laters {
                        for fourth in laters {
                            for shift in 0..<64 where failures < 20 {
                                if !StringBlockTests.check([lead, second, third, fourth], shift: shift, suffix: 100) {
                                    failures += 1
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Every lead byte with every second byte, at the lanes around the ends of 32- and 64-byte steps.
    @Test(arguments: kernels)
    func everyLeadWithEverySecondByte(_ kernel: StructuralIndexer.Kernel) {
        var failures = 0
        Self.with(kernel) {
            for lead in UInt8(0x80)...0xFF {
                for second in UInt8(0x00)...0xFF {
                    for shift in [0, 28, 29, 30, 60, 61, 62] where failures < 20 {
                        if !StringBlockTests.check([lead, second, 0x80, 0xBF], shift: shift, suffix: 100) {
                            failures += 1
                        }
                    }
                }
            }
        }
    }

    /// Random runs of well-formed characters, some with one byte changed, at random lanes, followed
    /// by 0 to 200 bytes: the text ends in a kernel step, in the Swift blocks after the kernel, or
    /// in the byte-wise path.
    @Test(arguments: kernels)
    func randomTextWithAndWithoutOneBadByte(_ kernel: StructuralIndexer.Kernel) {
        var random = LimeFixtures.SplitMix64(seed: 1203)
        var failures = 0
        Self.with(kernel) {
            for round in 0..<6_000 where failures < 20 {
                let sequence = StringBlockTests.randomText(&random, maxCharacters: 80, oneBadByte: round % 2 == 1)
                let shift = Int(random.next() % 64)
                let suffix = Int(random.next() % 200)
                if !StringBlockTests.check(sequence, shift: shift, suffix: suffix) { failures += 1 }
            }
        }
    }

    /// Long strings count every continuation byte, through the kernel and through the Swift blocks
    /// alone (which on this processor otherwise take only what a kernel leaves).
    @Test(arguments: kernels + [.swift])
    func longStringsCountEveryContinuationByte(_ kernel: StructuralIndexer.Kernel) {
        Self.with(kernel) {
            for count in [64, 65, 127, 255 * 16, 256 * 16 + 5, 3_000 * 16 + 7] {
                let text = Array(String(repeating: "é€👍a", count: count / 10 + 1).utf8)
                for shift in [0, 1, 31, 63] { #expect(StringBlockTests.check(text, shift: shift)) }
            }
        }
    }

    /// Characters of 2, 3 and 4 bytes in runs that cross every step boundary, with the text ending
    /// just after the run or well past it.
    @Test(arguments: kernels)
    func charactersAcrossStepBoundaries(_ kernel: StructuralIndexer.Kernel) {
        Self.with(kernel) {
            for character in ["é", "€", "👍"] {
                for count in [15, 16, 17, 30, 33] {
                    for shift in 0..<64 {
                        for suffix in [0, 3, 40, 64, 100] {
                            _ = StringBlockTests.check(
                                Array(String(repeating: character, count: count).utf8), shift: shift, suffix: suffix)
                        }
                    }
                }
            }
        }
    }
}
