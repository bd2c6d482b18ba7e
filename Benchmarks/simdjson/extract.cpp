// The simdjson On-Demand contender of limestream-bench (see Benchmarks/README.md).
//
// It extracts the fields LimeUserlike's ExtractionRun extracts (and the bench's
// OnDemandExtraction.swift): a conversation's scalars, `topics`, the contact's fields,
// `routing_info.operator_group.name`, `um_widget.name`, and per message `sent_at`, `type`,
// `event`, `name`, `sender.type` and `body_plain` (or `body` when that is not a string), and
// computes the bench's checksum (Checksum.swift) over the decoded bodies, timed as the Swift
// child processes time theirs (Child.swift): the input is read into memory first (not timed),
// one warm-up run, then RUNS timed runs of REPEAT passes each.
//
// The bench compiles this file at run time with g++ when /usr/include/simdjson.h exists; it is no
// SwiftPM target, so the package builds where simdjson is absent.
//
// usage: extract FILE KIND RUNS [REPEAT]    KIND: payload, array or ndjson
// prints {"seconds":[...],"messages":N,"hash":"HEX","sink":D}

#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

using namespace simdjson;

namespace {

/// The bench's Checksum, bit for bit: four multiply-xor chains over 8-byte words per 32 bytes,
/// then 8-byte words, then the tail with the length in its top byte.
struct Checksum {
    uint64_t messages = 0;
    uint64_t hash = 0xCBF29CE484222325ull;

    static uint64_t mix(uint64_t hash, uint64_t word) {
        uint64_t product = (hash ^ word) * 0x9E3779B97F4A7C15ull;
        return product ^ (product >> 29);
    }

    static uint64_t load(const char *bytes) {
        uint64_t word;
        std::memcpy(&word, bytes, 8);
        return word;
    }

    /// A message without a string body.
    void add_none() { messages += 1; }

    void add(std::string_view body) {
        messages += 1;
        const char *base = body.data();
        size_t count = body.size();
        size_t index = 0;
        if (count >= 32) {
            uint64_t lane0 = hash, lane1 = hash ^ 1, lane2 = hash ^ 2, lane3 = hash ^ 3;
            for (; index + 32 <= count; index += 32) {
                lane0 = mix(lane0, load(base + index));
                lane1 = mix(lane1, load(base + index + 8));
                lane2 = mix(lane2, load(base + index + 16));
                lane3 = mix(lane3, load(base + index + 24));
            }
            hash = mix(mix(mix(lane0, lane1), lane2), lane3);
        }
        for (; index + 8 <= count; index += 8) hash = mix(hash, load(base + index));
        uint64_t tail = 0;
        for (; index < count; index++) tail = tail << 8 | static_cast<uint8_t>(base[index]);
        hash = mix(hash, tail ^ static_cast<uint64_t>(count) << 56);
    }
};

/// One extracted value: the raw JSON token (a string's contents without its quotes, still
/// escaped, as LimeStream keeps them), or a decoded body. It points into the input or into the
/// parser's string buffer: nothing is copied beyond what simdjson itself writes.
struct Slot {
    enum Kind : uint8_t { absent, null, boolean, number, raw_string, decoded_string, json };
    std::string_view text;
    Kind kind = absent;
};

/// True when the raw key (just after its opening quote) is `name`. The input is padded, so
/// comparing `name`'s bytes never reads past the buffer; the quote check rejects longer keys.
/// Keys are compared raw, as simdjson's own field lookups do: an escaped key does not match.
template <size_t N> inline bool is(const char *key, const char (&name)[N]) {
    return std::memcmp(key, name, N - 1) == 0 && key[N - 1] == '"';
}

std::string_view trimmed(std::string_view token) {
    while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' ||
                              token.back() == '\t'))
        token.remove_suffix(1);
    return token;
}

class Extraction {
  public:
    Checksum checksum;

    /// One JSON text: a conversation, or an array of them (other elements are skipped).
    void document(ondemand::parser &parser, padded_string_view input) {
        ondemand::document doc = parser.iterate(input);
        this->parser = &parser;
        if (doc.type() == ondemand::json_type::array) {
            for (ondemand::value element : doc.get_array()) {
                if (element.type() == ondemand::json_type::object) conversation(element.get_object());
            }
        } else if (doc.type() == ondemand::json_type::object) {
            conversation(doc.get_object());
        }
    }

  private:
    ondemand::parser *parser = nullptr;
    static constexpr int conversation_width = 13, contact_width = 11;
    Slot slots[conversation_width + contact_width];
    std::vector<Slot> bodies;  // one per transcript element; the other message fields in `fields`
    std::vector<Slot> fields;  // sent_at, type, event, name, sender.type per message
    std::vector<uint8_t> scratch;

    Slot capture(ondemand::value value) {
        ondemand::json_type type = value.type();
        switch (type) {
        case ondemand::json_type::string: {
            std::string_view token = trimmed(value.raw_json_token());
            return {token.substr(1, token.size() - 2), Slot::raw_string};
        }
        case ondemand::json_type::number: return {trimmed(value.raw_json_token()), Slot::number};
        case ondemand::json_type::boolean: {
            bool flag = value.get_bool();
            return {flag ? "true" : "false", Slot::boolean};
        }
        case ondemand::json_type::null: {
            bool null = value.is_null();
            return {{}, null ? Slot::null : Slot::absent};
        }
        case ondemand::json_type::object: {
            ondemand::object object = value.get_object();
            return {object.raw_json(), Slot::json};
        }
        case ondemand::json_type::array: {
            ondemand::array array = value.get_array();
            return {array.raw_json(), Slot::json};
        }
        }
        return {};
    }

    /// `name` of an object value; null when it is not an object or has none.
    Slot name_of(ondemand::value value) {
        Slot slot{{}, Slot::null};
        if (value.type() != ondemand::json_type::object) return slot;
        for (ondemand::field field : value.get_object()) {
            if (is(field.key().raw(), "name")) slot = capture(field.value());
        }
        return slot;
    }

    void conversation(ondemand::object object) {
        for (Slot &slot : slots) slot = Slot{};
        bodies.clear();
        fields.clear();
        for (ondemand::field field : object) {
            const char *key = field.key().raw();
            ondemand::value value = field.value();
            switch (key[0]) {
            case 'i': if (is(key, "id")) slots[0] = capture(value); break;
            case 's':
                if (is(key, "status")) slots[1] = capture(value);
                else if (is(key, "subject")) slots[5] = capture(value);
                break;
            case 'c':
                if (is(key, "created_at")) slots[2] = capture(value);
                else if (is(key, "contact")) contact(value);
                else if (is(key, "contact_first_message_sent_at")) slots[12] = capture(value);
                break;
            case 'e': if (is(key, "ended_at")) slots[3] = capture(value); break;
            case 'l': if (is(key, "language_name")) slots[4] = capture(value); break;
            case 'o': if (is(key, "operator_assigned_to_email")) slots[6] = capture(value); break;
            case 'r':
                if (is(key, "routing_info")) {
                    slots[7] = Slot{{}, Slot::null};
                    if (value.type() != ondemand::json_type::object) break;
                    for (ondemand::field group : value.get_object()) {
                        if (is(group.key().raw(), "operator_group")) slots[7] = name_of(group.value());
                    }
                } else if (is(key, "rate")) {
                    slots[9] = capture(value);
                }
                break;
            case 'u': if (is(key, "um_widget")) slots[8] = name_of(value); break;
            case 'f': if (is(key, "feedback_message")) slots[10] = capture(value); break;
            case 't':
                if (is(key, "topics")) slots[11] = capture(value);
                else if (is(key, "transcript")) transcript(value);
                break;
            default: break;
            }
        }
        add_bodies();
    }

    void contact(ondemand::value value) {
        Slot *contact = slots + conversation_width;
        for (int index = 0; index < contact_width; index++) contact[index] = Slot{};
        if (value.type() != ondemand::json_type::object) return;
        for (ondemand::field field : value.get_object()) {
            const char *key = field.key().raw();
            int index = -1;
            switch (key[0]) {
            case 'i': index = is(key, "id") ? 0 : -1; break;
            case 'n': index = is(key, "name") ? 1 : -1; break;
            case 'e':
                index = is(key, "email") ? 2 : is(key, "external_customer_id") ? 10 : -1;
                break;
            case 'p':
                index = is(key, "phone_number") ? 3 : is(key, "position") ? 6 : -1;
                break;
            case 'm': index = is(key, "mobile_number") ? 4 : -1; break;
            case 'c':
                index = is(key, "company") ? 5 : is(key, "city") ? 8 : is(key, "country") ? 9 : -1;
                break;
            case 's': index = is(key, "street") ? 7 : -1; break;
            default: break;
            }
            if (index >= 0) contact[index] = capture(field.value());
        }
    }

    void transcript(ondemand::value value) {
        bodies.clear();
        fields.clear();
        if (value.type() != ondemand::json_type::array) return;
        for (ondemand::value element : value.get_array()) {
            if (element.type() == ondemand::json_type::object) {
                message(element.get_object());
            } else {
                fields.insert(fields.end(), 5, Slot{});
                bodies.push_back(Slot{});
            }
        }
    }

    void message(ondemand::object object) {
        Slot sent_at, type, event, name, sender_type, body_plain, body;
        for (ondemand::field field : object) {
            const char *key = field.key().raw();
            switch (key[0]) {
            case 's':
                if (is(key, "sent_at")) {
                    sent_at = capture(field.value());
                } else if (is(key, "sender")) {
                    ondemand::value sender = field.value();
                    sender_type = Slot{{}, Slot::null};
                    if (sender.type() != ondemand::json_type::object) break;
                    for (ondemand::field inner : sender.get_object()) {
                        if (is(inner.key().raw(), "type")) sender_type = capture(inner.value());
                    }
                }
                break;
            case 't': if (is(key, "type")) type = capture(field.value()); break;
            case 'e': if (is(key, "event")) event = capture(field.value()); break;
            case 'n': if (is(key, "name")) name = capture(field.value()); break;
            case 'b':
                if (is(key, "body_plain")) {
                    ondemand::value value = field.value();
                    // The body the checksum hashes: decoded by simdjson into its string buffer.
                    body_plain = value.type() == ondemand::json_type::string
                                     ? Slot{value.get_string(), Slot::decoded_string}
                                     : capture(value);
                } else if (is(key, "body")) {
                    // Kept raw: only decoded (in add_bodies) when body_plain is not a string.
                    body = capture(field.value());
                }
                break;
            default: break;
            }
        }
        fields.push_back(sent_at);
        fields.push_back(type);
        fields.push_back(event);
        fields.push_back(name);
        fields.push_back(sender_type);
        bodies.push_back(body_plain.kind == Slot::decoded_string ? body_plain : body);
    }

    void add_bodies() {
        for (const Slot &body : bodies) {
            if (body.kind == Slot::decoded_string) {
                checksum.add(body.text);
            } else if (body.kind == Slot::raw_string) {
                if (scratch.size() < body.text.size() + SIMDJSON_PADDING)
                    scratch.resize(body.text.size() + SIMDJSON_PADDING);
                uint8_t *end = scratch.data();
                std::string_view decoded;
                auto raw = ondemand::raw_json_string(reinterpret_cast<const uint8_t *>(body.text.data()));
                if (parser->unescape(raw, end).get(decoded)) throw simdjson_error(STRING_ERROR);
                checksum.add(decoded);
            } else {
                checksum.add_none();
            }
        }
    }
};

/// One pass over the whole input.
Checksum run(ondemand::parser &parser, const padded_string &input, bool is_ndjson) {
    Extraction extraction;
    if (!is_ndjson) {
        extraction.document(parser, input);
        return extraction.checksum;
    }
    // One document per line, parsed in place: what follows a line (the next lines, then the
    // padded_string's padding) serves as its padding.
    const char *bytes = input.data();
    size_t size = input.size(), start = 0;
    while (start < size) {
        const void *found = std::memchr(bytes + start, '\n', size - start);
        size_t end = found ? static_cast<const char *>(found) - bytes : size;
        size_t first = start;
        while (first < end && (bytes[first] == ' ' || bytes[first] == '\t' || bytes[first] == '\r')) first++;
        if (first < end) {
            extraction.document(parser, padded_string_view(bytes + start, end - start, size + SIMDJSON_PADDING - start));
        }
        start = end + 1;
    }
    return extraction.checksum;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: extract FILE KIND RUNS [REPEAT]\n");
        return 2;
    }
    std::string_view kind = argv[2];
    if (kind != "payload" && kind != "array" && kind != "ndjson") {
        std::fprintf(stderr, "extract: kind %s is not payload, array or ndjson\n", argv[2]);
        return 2;
    }
    int runs = std::max(1, std::atoi(argv[3]));
    int repeats = argc > 4 ? std::max(1, std::atoi(argv[4])) : 1;
    padded_string input;
    if (auto error = padded_string::load(argv[1]).get(input)) {
        std::fprintf(stderr, "extract: cannot read %s: %s\n", argv[1], error_message(error));
        return 1;
    }
    try {
        ondemand::parser parser;
        bool is_ndjson = kind == "ndjson";
        Checksum checksum = run(parser, input, is_ndjson);  // warm-up
        uint64_t sink = 0;
        std::vector<double> seconds;
        for (int index = 0; index < runs; index++) {
            auto start = std::chrono::steady_clock::now();
            for (int pass = 0; pass < repeats; pass++) checksum = run(parser, input, is_ndjson);
            seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
            sink += checksum.hash;
        }
        std::printf("{\"seconds\":[");
        for (size_t index = 0; index < seconds.size(); index++) std::printf(index ? ",%.6f" : "%.6f", seconds[index]);
        std::printf("],\"messages\":%llu,\"hash\":\"%llx\",\"sink\":%llu}\n",
                    static_cast<unsigned long long>(checksum.messages), static_cast<unsigned long long>(checksum.hash),
                    static_cast<unsigned long long>(sink % 10));
    } catch (const simdjson_error &error) {
        std::fprintf(stderr, "extract: %s\n", error.what());
        return 1;
    }
    return 0;
}
