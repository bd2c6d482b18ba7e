import LimeJSON
import Testing

/// `JSONLineTracker.scalarCount`, which columns after a streamed one-line export rest on: the
/// vector count and the portable one against a byte loop, for every length and alignment near the
/// block sizes, and over runs long enough to fill a vector lane's 8-bit count many times over.
@Suite struct ScalarCountTests {
    /// The obvious count: the bytes that are not continuation bytes (10xxxxxx).
    static func reference(_ bytes: ArraySlice<UInt8>) -> Int { bytes.filter { $0 & 0xC0 != 0x80 }.count }

    /// Random bytes (mostly non-ASCII, so that every lane sees continuation and other bytes).
    static func randomBytes(_ count: Int, _ generator: inout some RandomNumberGenerator) -> [UInt8] {
        (0..<count).map { _ in
            Bool.random(using: &generator)
                ? UInt8.random(in: 0x7E...0xC1, using: &generator) : UInt8.random(in: 0...255, using: &generator)
        }
    }

    /// Every count agrees with the byte loop on `bytes[range]`.
    static func check(_ bytes: [UInt8], _ range: Range<Int>) {
        let expected = reference(bytes[range])
        bytes.withUnsafeBufferPointer { all in
            let slice = UnsafeBufferPointer(rebasing: all[range])
            #expect(JSONLineTracker.scalarCount(slice) == expected, "\(range)")
            #expect(JSONLineTracker.portableScalarCount(slice) == expected, "\(range)")
        }
    }

    @Test func everyLengthAndAlignment() {
        var generator = SystemRandomNumberGenerator()
        let bytes = Self.randomBytes(400, &generator)
        for alignment in 0..<64 {
            for length in 0...300 { Self.check(bytes, alignment..<(alignment + length)) }
        }
    }

    /// All continuation bytes, all lead bytes, and all ASCII, past the 63 rounds after which the
    /// vector lanes are summed (an overflowing lane would drop 256 a time).
    @Test func longUniformRuns() {
        for byte: UInt8 in [0x80, 0xBF, 0xC0, 0x41, 0xFF, 0x7F] {
            for length in [4031, 4032, 4033, 4096, 16_128, 16_129, 70_001] {
                Self.check([UInt8](repeating: byte, count: length + 3), 3..<(length + 3))
            }
        }
    }

    @Test func longRandomRuns() {
        var generator = SystemRandomNumberGenerator()
        for length in [5_000, 65_536, 200_003] {
            let bytes = Self.randomBytes(length, &generator)
            Self.check(bytes, 0..<length)
            Self.check(bytes, 7..<(length - 5))
        }
    }

    @Test func emptyBuffer() {
        #expect(JSONLineTracker.scalarCount(UnsafeBufferPointer(start: nil, count: 0)) == 0)
    }
}
