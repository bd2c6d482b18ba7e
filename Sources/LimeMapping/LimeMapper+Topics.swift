import Foundation
import LimeUserlike

// MARK: - Topic routing

extension LimeMapper {
    /// The topic instance for a conversation: the first of its topics, in the payload's order,
    /// that an instance names; nil when none does (or it has none), and the plan is the fallback
    /// of person, company, coworker and history.
    func instance(for conversation: Conversation) -> MappingConfiguration.TopicInstance? {
        for topic in Self.topicTexts(conversation[.topics]) {
            if let instance = configuration.topics.first(where: { $0.topic == topic }) { return instance }
        }
        return nil
    }

    /// The texts of a conversation's `topics`: Userlike gives an array of objects with a `text`
    /// (`[{"text":"lead"}]`); plain strings are taken as texts too. Anything else has none.
    /// Only read when the mapping has topic instances, so the default mapping never pays for it.
    static func topicTexts(_ topics: FieldValue) -> [String] {
        if case .string(let text) = topics { return [text] }
        guard case .json(let text) = topics,
            let list = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any]
        else { return [] }
        return list.compactMap { element in
            if let text = element as? String { return text }
            return (element as? [String: Any])?["text"] as? String
        }
    }
}
