/// The built-in mapping, the same text as `Fixtures/lime-mapping.json` (a test keeps them equal):
/// the standard limetypes of a Lime CRM application.
let defaultMappingJSON = #"""
    {
      "person": {
        "limetype": "person",
        "match": ["email", "mobilephone", "phone"],
        "properties": {
          "firstname": "contact.firstname",
          "lastname": "contact.lastname",
          "email": "contact.email",
          "phone": "contact.phone_number",
          "mobilephone": "contact.mobile_number"
        }
      },
      "company": {
        "limetype": "company",
        "match": ["name"],
        "properties": {
          "name": "contact.company"
        }
      },
      "coworker": {
        "limetype": "coworker",
        "match": ["email"],
        "properties": {
          "email": "operator_email"
        }
      },
      "history": {
        "limetype": "history",
        "properties": {
          "date": "created_at",
          "note": "transcript"
        },
        "type": {"property": "type", "option": "comment"},
        "conversationIDProperty": "userlikeconversationid",
        "relations": {"person": "person", "company": "company", "coworker": "coworker"},
        "note": {"messageTypes": ["message"], "timeZone": "UTC", "maxBytes": 65536}
      }
    }

    """#
