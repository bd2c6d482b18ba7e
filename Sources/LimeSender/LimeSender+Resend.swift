import LimeMapping
import LimeUserlike

// MARK: - A conversation sent again (the re-send rules)

extension LimeSender {
    /// What became of a conversation's history, with the id of the history meant (the one
    /// created, found, or whose note was replaced: what `limestream serve` links to).
    enum HistoryOutcome {
        /// Created by this run (the conversation's first).
        case created(id: Int)
        /// Lime had it as it is: nothing was sent.
        case present(id: Int)
        /// A new note on the object Lime had (`new-note`).
        case noteAdded(id: Int)
        /// The note of the history Lime had was replaced (`update-note`).
        case noteUpdated(id: Int)

        /// The history's id.
        var id: Int {
            switch self {
            case .created(let id), .present(let id), .noteAdded(let id), .noteUpdated(let id): return id
            }
        }
    }

    /// The histories of one conversation read at once: more than a conversation is ever sent.
    static let historyPage = 100

    /// What the journal keeps beside the conversation id: with a re-send rule, the note's digest,
    /// so that a rerun of the same export skips the conversation and one whose transcript grew
    /// is sent again; nil with `keep` (the id alone, as before).
    static func journalVersion(_ plan: LimePlan) -> String? {
        guard plan.resend != .keep else { return nil }
        return Journal.digest(noteValues(plan).map(\.value))
    }

    /// The history's note properties and their texts, in the plan's order.
    static func noteValues(_ plan: LimePlan) -> [(name: String, value: String)] {
        guard let history = plan.objects.last(where: { $0.role == .history }) else { return [] }
        return plan.noteProperties.map { name in
            (name, history.create?.first(where: { $0.name == name })?.value.text ?? "")
        }
    }

    /// The history by the re-send rule. Its histories are read by the conversation id first,
    /// also before every new try of a create (a create whose answer was lost is found, never made
    /// twice): one that holds this very note means there is nothing to do; otherwise `new-note`
    /// creates one more, and `update-note` replaces the note of the newest when this one is not
    /// shorter (an older export sent after a newer one leaves the note as it is).
    func resend(_ plan: LimePlan, _ history: LimeObjectPlan, ids: [LimeObjectPlan.Role: Int]) throws(SenderError)
        -> HistoryOutcome
    {
        let lookup = history.lookups[0]
        let notes = Self.noteValues(plan)
        let create = body(history, relations: ids)
        var before: Int?
        var attempt = 0
        while true {
            attempt += 1
            let existing = try client.list(
                history.limetype, property: lookup.property, value: lookup.value, limit: Self.historyPage)
            let known = before ?? existing.count
            before = known
            if let match = existing.first(where: { object in notes.allSatisfy { object.strings[$0.name] == $0.value } })
            {
                // On a later try, what is found is what the lost create stored.
                guard attempt > 1 else { return .present(id: match.id) }
                return known == 0 ? .created(id: match.id) : .noteAdded(id: match.id)
            }
            if plan.resend == .updateNote, let newest = existing.max(by: { $0.id < $1.id }) {
                let shorter = notes.contains { ($0.value.utf8.count) < (newest.strings[$0.name]?.utf8.count ?? 0) }
                guard !shorter else { return .present(id: newest.id) }
                var body: [UInt8] = []
                Self.writeBody(notes.map { LimeProperty(name: $0.name, value: .string($0.value)) }, into: &body)
                // A PUT sets the same note however often it arrives: retried as a lookup is.
                try client.update(history.limetype, id: newest.id, body: body)
                return .noteUpdated(id: newest.id)
            }
            do throws(SenderError) {
                let id = try client.create(history.limetype, body: create)
                return known == 0 ? .created(id: id) : .noteAdded(id: id)
            } catch {
                guard error.isRetryable, attempt < client.policy.maximumAttempts else { throw error }
                client.wait(afterAttempt: attempt, retryAfter: nil)
            }
        }
    }
}
