import LimeMapping

/// One plan at a time, for a caller that keeps its own queue (the `limestream serve` spool): the
/// same journal (with the re-send rule's note digest), claims, lookups, re-send rule, retries,
/// rate limit and dead letters as ``LimeSender/run(next:progress:)``, with the history's id
/// handed back.
extension LimeSender {
    /// What ``deliver(one:)`` did with a plan.
    public enum Delivery: Sendable, Equatable {
        /// The history was created by this call.
        case created(limetype: String, id: Int)
        /// Lime had the history already (a lost answer, a conversation sent before) and nothing
        /// needed changing.
        case alreadyPresent(limetype: String, id: Int)
        /// A conversation sent again got a new note (`new-note`) or its note replaced
        /// (`update-note`) on this history.
        case noteChanged(limetype: String, id: Int)
        /// The journal has the conversation (as it is now): delivered before, nothing was sent.
        case journaled
        /// Lime refused the conversation for good; it is in the dead-letter file with this error.
        case deadLettered(String)
    }

    /// Delivers one plan, waiting while a copy of it is in flight, and journals it once its
    /// history exists. Safe to call from many threads at once.
    ///
    /// Unlike a `send` run, which stops, nothing here poisons the sender: a failure that may pass
    /// (no answer from Lime, a refused key, a journal that cannot be written) is thrown and the
    /// plan is neither journaled nor dead-lettered, so the caller keeps it and tries again later.
    ///
    /// - Returns: what became of the plan.
    /// - Throws: ``SenderError/transport(_:)`` when Lime did not answer (retries ran out),
    ///   ``SenderError/unauthorized(status:message:)``, or the journal's or dead-letter file's error.
    public func deliver(one plan: LimePlan) throws(SenderError) -> Delivery {
        let version = Self.journalVersion(plan)
        guard let claim = claim(plan.conversationID, version: version) else { return .journaled }
        defer { release(plan.conversationID, claim) }
        let outcome: HistoryOutcome
        do throws(SenderError) {
            outcome = try carryOut(plan)
        } catch {
            switch error {
            case .transport, .unauthorized: throw error
            default:
                try deadLetters.append(
                    conversationID: plan.conversationID, error: error.description, planLine: plan.jsonLine)
                update { $0.failed += 1 }
                return .deadLettered(error.description)
            }
        }
        try journal.record(plan.conversationID, version: version)
        let limetype = plan.objects.first(where: { $0.role == .history })?.limetype ?? "history"
        // Which count of the summary the outcome adds to, and what the caller is told.
        let (count, delivery): (WritableKeyPath<Summary, Int>, Delivery) =
            switch outcome {
            case .created(let id): (\.created, .created(limetype: limetype, id: id))
            case .present(let id): (\.alreadyPresent, .alreadyPresent(limetype: limetype, id: id))
            case .noteAdded(let id): (\.notesAdded, .noteChanged(limetype: limetype, id: id))
            case .noteUpdated(let id): (\.notesUpdated, .noteChanged(limetype: limetype, id: id))
            }
        update { $0[keyPath: count] += 1 }
        return delivery
    }

    /// The newest history of a journaled plan, looked up by its conversation id (one request):
    /// its id, or nil when Lime has none (it was deleted there).
    public func historyID(of plan: LimePlan) throws(SenderError) -> Int? {
        guard let history = plan.objects.first(where: { $0.role == .history }), let lookup = history.lookups.first
        else { return nil }
        return try client.list(
            history.limetype, property: lookup.property, value: lookup.value, limit: Self.historyPage
        ).map(\.id).max()
    }

    /// The Lime application the sender writes to.
    public var endpoint: LimeEndpoint { client.endpoint }

    /// Requests tried again so far (429, 5xx, no answer), for metrics.
    public var retries: Int { client.retryCount }
}
