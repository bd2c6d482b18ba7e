import Foundation
import LimeFixtures
import LimeMapping
import LimeUserlike
import Testing

@testable import LimeServer

/// The spool: group commit, what a restart reads back, compaction.
@Suite struct DeliverySpoolTests {
    static func plans(_ count: Int, seed: UInt64 = 5) throws -> [LazyNotePlan] {
        var generator = FixtureGenerator(seed: seed)
        return try (0..<count).map { _ in
            try LimeMapper().lazyPlan(for: try ConversationExtractor().extract(generator.conversation(messageCount: 3)))
        }
    }

    static func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID())").path
    }

    @Test func concurrentAppendsShareFlushesAndAllComeBack() throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let plans = try Self.plans(200)
        let spool = try DeliverySpool(directory: directory)
        let failures = LockedCounter()
        // 50 threads of their own (as connections are), 4 appends each: many wait on one flush.
        let group = DispatchGroup()
        for thread in 0..<50 {
            group.enter()
            Thread.detachNewThread {
                for index in stride(from: thread, to: plans.count, by: 50)
                where (try? spool.append(plans[index])) == nil { failures.add() }
                group.leave()
            }
        }
        group.wait()
        #expect(failures.value == 0)
        #expect(spool.depth == 200)
        #expect(spool.commitCount < 200, "every append had a flush of its own: no group commit")
        spool.shutDown()
        let reopened = try DeliverySpool(directory: directory)
        #expect(reopened.recovered.count == 200)
        #expect(Set(reopened.recovered.map(\.plan.conversationID)) == Set(plans.map(\.plan.conversationID)))
        let original = Dictionary(uniqueKeysWithValues: plans.map { ($0.plan.conversationID, $0.materialized) })
        for entry in reopened.recovered {
            #expect(entry.plan == original[entry.plan.conversationID], "the plan came back changed")
        }
        reopened.shutDown()
    }

    @Test func doneEntriesAndATornLineAreNotReadBack() throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let plans = try Self.plans(4)
        let spool = try DeliverySpool(directory: directory)
        let entries = try plans.map { try spool.append($0) }
        spool.markDone(entries[1].sequence)
        spool.markDone(entries[3].sequence)
        spool.shutDown()
        // A crash in the middle of a write: half a line at the end.
        let handle = try #require(FileHandle(forWritingAtPath: directory + "/spool.ndjson"))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"entry":9,"plan":{"conversation_id":"#.utf8))
        try handle.close()
        let reopened = try DeliverySpool(directory: directory)
        #expect(reopened.recovered.map(\.sequence) == [entries[0].sequence, entries[2].sequence])
        #expect(
            reopened.recovered.map(\.plan.conversationID) == [
                plans[0].plan.conversationID, plans[2].plan.conversationID,
            ])
        // Numbers go on after the highest seen, so a new entry never takes an old one's.
        let next = try reopened.append(plans[1])
        #expect(next.sequence > entries[3].sequence)
        reopened.shutDown()
    }

    @Test func anEmptiedSpoolIsCompacted() throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let spool = try DeliverySpool(directory: directory)
        spool.compactionBytes = 1000
        let path = directory + "/spool.ndjson"
        let pending = try spool.append(try Self.plans(1, seed: 99)[0])
        for plan in try Self.plans(5) { spool.markDone(try spool.append(plan).sequence) }
        func size() throws -> Int { try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? -1 }
        usleep(200_000)
        // One entry still pending: nothing may be dropped.
        #expect(try size() > 1000)
        spool.markDone(pending.sequence)
        let deadline = Date().addingTimeInterval(5)
        while try size() > 0 && Date() < deadline { usleep(20_000) }
        #expect(try size() == 0)
        #expect(spool.depth == 0)
        spool.shutDown()
        #expect(try DeliverySpool(directory: directory).recovered.isEmpty)
    }
}
