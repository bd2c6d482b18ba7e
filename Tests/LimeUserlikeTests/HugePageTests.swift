import Testing

@testable import LimeUserlike

/// Huge-page advice for large segments: only advice, so an array advised keeps its elements, and
/// a storage whose segments are large enough to be advised keeps every value intact.
@Suite struct HugePageTests {
    @Test func anAdvisedArrayKeepsItsElements() {
        var bytes = (0..<(9 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        bytes.reserveCapacity(12 << 20)
        let copy = bytes
        bytes.adviseHugePages()
        let same = bytes == copy
        #expect(same)
        var empty: [UInt8] = []
        empty.adviseHugePages()
        #expect(empty.isEmpty)
    }

    /// Values over several segments of ``FieldStorage/hugePageSegment`` bytes and more.
    @Test func largeSegmentsKeepTheirValues() {
        var storage = FieldStorage(segmentSize: FieldStorage.hugePageSegment)
        var slots: [(FieldSlot, UInt8, Int)] = []
        var length = 1
        var total = 0
        while total < 3 * FieldStorage.hugePageSegment + 12345 {
            let byte = UInt8(truncatingIfNeeded: slots.count)
            let value = [UInt8](repeating: byte, count: length)
            let start = value.withUnsafeBufferPointer { storage.append($0) }
            slots.append((FieldSlot(kind: .string, hasEscapes: false, start: start, count: length), byte, length))
            total += length
            length = length * 3 % 70_001 + 1
        }
        storage.trim()
        #expect(storage.segmentCount >= 3)
        let intact = slots.allSatisfy { slot, byte, length in
            let bytes = storage.slice(slot)
            return bytes.count == length && bytes.allSatisfy { $0 == byte }
        }
        #expect(intact)
    }
}
