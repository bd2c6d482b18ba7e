import LimeMapping

/// One plan at a time, for a caller that keeps its own queue (the `limestream serve` spool): the
/// same journal, claims, lookups, retries, rate limit and dead letters as ``LimeSender/run(next:progress:)``,
/// with the history's id handed back.
extension LimeSender {
    /// What ``deliver(one:)`` did with a plan.
    public enum Delivery: Sendable, Equatable {
        /// The history was created by this call.
        case created(limetype: String, id: Int)
        /// Lime had the history already (a lost answer, a conversation sent before).
        case alreadyPresent(limetype: String, id: Int)
        /// The journal has the conversation: delivered before, nothing was sent.
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
        guard let claim = claim(plan.conversationID) else { return .journaled }
        defer { release(plan.conversationID, claim) }
        let resolution: LimeClient.Resolution
        do throws(SenderError) {
            resolution = try carryOutResolving(plan)
        } catch {
            switch error {
            case .transport, .unauthorized: throw error
            default:
                try deadLetters.append(conversationID: plan.conversationID, error: error.description, planLine: plan.jsonLine)
                update { $0.failed += 1 }
                return .deadLettered(error.description)
            }
        }
        try journal.record(plan.conversationID)
        let limetype = plan.objects.first(where: { $0.role == .history })?.limetype ?? "history"
        guard let id = resolution.id else { throw SenderError.unexpectedResponse("no history id") }
        update { resolution.created ? ($0.created += 1) : ($0.alreadyPresent += 1) }
        return resolution.created ? .created(limetype: limetype, id: id) : .alreadyPresent(limetype: limetype, id: id)
    }

    /// The history of a journaled plan, looked up by its conversation id (one request): the id, or
    /// nil when Lime has none (it was deleted there).
    public func historyID(of plan: LimePlan) throws(SenderError) -> Int? {
        guard let history = plan.objects.first(where: { $0.role == .history }), let lookup = history.lookups.first else { return nil }
        return try client.find(history.limetype, property: lookup.property, value: lookup.value)
    }

    /// The Lime application the sender writes to.
    public var endpoint: LimeEndpoint { client.endpoint }

    /// Requests tried again so far (429, 5xx, no answer), for metrics.
    public var retries: Int { client.retryCount }
}
