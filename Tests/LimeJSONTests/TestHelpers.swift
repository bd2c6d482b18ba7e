import Foundation
import LimeFixtures

// Small helpers several suites share.

extension FixturePaths {
    /// Whether `../shared/bench-data/<name>` exists (cheap: for `.enabled(if:)` traits).
    static func hasBenchDocument(_ name: String) -> Bool {
        FileManager.default.fileExists(
            atPath: shared.appendingPathComponent("bench-data").appendingPathComponent(name).path)
    }
}

extension SplitMix64 {
    /// One element of a non-empty collection (uses one `below(_:)` draw).
    mutating func pick<C: Collection>(_ items: C) -> C.Element where C.Index == Int {
        items[items.startIndex + below(items.count)]
    }
}
