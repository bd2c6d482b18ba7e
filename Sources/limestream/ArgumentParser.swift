/// One option a command takes: its long name, an optional one-letter form, whether it takes a
/// value, and what the help text says of it.
struct OptionSpec: Sendable {
    /// The long name without dashes (`jobs` for `--jobs`).
    var name: String
    /// The one-letter form (`j` for `-j`), if any.
    var short: Character?
    /// The value's placeholder in help (`N`, `FILE`); nil for a flag.
    var valueName: String?
    /// May be given more than once (each value is kept, in order); otherwise a second one is a
    /// usage error, so that `--mapping a --mapping b` does not silently pick one.
    var isRepeatable = false
    /// The default, as the help text shows it (`one per core`); nil when there is none to show.
    var defaultText: String?
    /// One line (or a few) for the help text.
    var help: String
    /// Not listed in the help text: an option refused with a message of its own (`--api-key`).
    var refusal: String?

    /// `--jobs N`, `-j, --jobs N`: the option as the help text's left column shows it.
    var helpLabel: String {
        let long = "--\(name)" + (valueName.map { " \($0)" } ?? "")
        return short.map { "-\($0), " + long } ?? "    " + long
    }
}

/// What a command's arguments say, once parsed: option values by long name, and the operands.
struct ParsedArguments: Sendable, Equatable {
    /// Values of the options that take one, by long name, in the order given.
    var values: [String: [String]] = [:]
    /// The flags given, by long name.
    var flags: Set<String> = []
    /// Everything that is not an option: files, `-`, and all after `--`.
    var operands: [String] = []

    /// The value of a non-repeatable option, if given.
    func value(_ name: String) -> String? { values[name]?.last }

    /// Whether a flag was given.
    func has(_ name: String) -> Bool { flags.contains(name) }
}

/// The one argument parser every command uses, in the conventions of getopt_long and of the
/// tools people know (jq, ripgrep, curl):
///
/// - `--name value` and `--name=value` for every option that takes a value; `-jN` and `-j N`
///   for one-letter forms; flags take no value (`--quiet=yes` is refused).
/// - `--` ends the options: what follows is an operand even when it begins with `-`. `-` alone
///   is an operand (standard input).
/// - An option given twice is refused unless it is repeatable; an unknown one is named, without
///   any `=value` after it (a value may be a secret).
/// - `-h`/`--help` anywhere before `--` asks for the help text (`main` looks for it first).
enum ArgumentParser {
    /// Parses `arguments` for `command` (the name used in messages) with `options`.
    ///
    /// - Throws: ``UsageError`` naming the argument at fault.
    static func parse(_ arguments: [String], command: String, options: [OptionSpec]) throws(UsageError)
        -> ParsedArguments
    {
        var parsed = ParsedArguments()
        var index = 0
        func find(long: String) -> OptionSpec? { options.first { $0.name == long } }
        func record(_ option: OptionSpec, value: String?, as written: String) throws(UsageError) {
            if let refusal = option.refusal { throw UsageError(message: refusal) }
            let seen = parsed.values[option.name] != nil || parsed.flags.contains(option.name)
            if seen && !option.isRepeatable {
                throw UsageError(message: "\(command): \(written) is given more than once (it takes one value)")
            }
            if option.valueName != nil {
                parsed.values[option.name, default: []].append(value ?? "")
            } else {
                parsed.flags.insert(option.name)
            }
        }
        func takeValue(for option: OptionSpec, written: String) throws(UsageError) -> String {
            index += 1
            guard index < arguments.count else {
                throw UsageError(message: "\(command): \(written) needs a value (\(option.valueName ?? "VALUE"))")
            }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            defer { index += 1 }
            if argument == "--" {
                parsed.operands += arguments[(index + 1)...]
                break
            }
            if argument == "--help" || argument == "-h" {
                // `main` answers these before a command parses (whatever else is wrong).
                continue
            }
            if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                let name = String(body.prefix { $0 != "=" })
                let inline = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
                guard let option = find(long: name) else {
                    throw UsageError(message: "\(command): unknown option --\(name)")
                }
                if option.refusal != nil { try record(option, value: nil, as: "--\(name)") }
                if option.valueName == nil {
                    guard inline == nil else { throw UsageError(message: "\(command): --\(name) takes no value") }
                    try record(option, value: nil, as: "--\(name)")
                } else {
                    let value: String
                    if let inline { value = inline } else { value = try takeValue(for: option, written: "--\(name)") }
                    try record(option, value: value, as: "--\(name)")
                }
                continue
            }
            if argument.hasPrefix("-") && argument != "-" {
                let letter = argument.dropFirst().first!
                guard let option = options.first(where: { $0.short == letter }) else {
                    throw UsageError(message: "\(command): unknown option -\(letter)")
                }
                let rest = String(argument.dropFirst(2))
                if option.valueName == nil {
                    guard rest.isEmpty else { throw UsageError(message: "\(command): -\(letter) takes no value") }
                    try record(option, value: nil, as: "-\(letter)")
                } else {
                    let value = rest.isEmpty ? try takeValue(for: option, written: "-\(letter)") : rest
                    try record(option, value: value, as: "-\(letter)")
                }
                continue
            }
            parsed.operands.append(argument)
        }
        return parsed
    }

    /// A whole number from `range`, or a usage error naming the option and the range.
    static func integer(_ text: String?, option: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text else { return nil }
        guard let number = Int(text), range.contains(number) else {
            let upper = range.upperBound == Int.max ? "" : " to \(range.upperBound)"
            let bounds = range.upperBound == Int.max ? " >= \(range.lowerBound)" : " from \(range.lowerBound)\(upper)"
            throw UsageError(message: "--\(option) takes a whole number\(bounds)")
        }
        return number
    }

    /// A number of seconds (or a rate) above `minimum` (or at least it, when `inclusive`).
    static func number(_ text: String?, option: String, what: String, minimum: Double, inclusive: Bool)
        throws(UsageError) -> Double?
    {
        guard let text else { return nil }
        guard let number = Double(text), number.isFinite, inclusive ? number >= minimum : number > minimum else {
            throw UsageError(
                message: "--\(option) takes \(what), \(inclusive ? ">=" : ">") \(minimum == 0 ? "0" : "\(minimum)")")
        }
        return number
    }
}
