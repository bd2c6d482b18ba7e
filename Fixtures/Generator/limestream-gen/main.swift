import Foundation
import LimeFixtures

/// `limestream-gen`: writes deterministic Userlike payloads and exports for tests and benchmarks.
let usage = """
    usage: limestream-gen payload --bytes N [--seed S] [--pretty] [-o FILE]
           limestream-gen conversation --messages N [--seed S] [--pretty] [-o FILE]
           limestream-gen export --form array|ndjson|concatenated|pages --bytes N [--seed S]
                                 [--variety realistic|adversarial] [--shape long|chat] [-o FILE]
    """

/// `limestream-gen --help`: the usage and what each option means, with its default.
let help =
    usage + """


        Writes deterministic Userlike data: the same seed gives the same bytes.

        Commands:
          payload         one conversation whose transcript makes it about N bytes
          conversation    one conversation with N messages
          export          an export of about N bytes, in the given form

        Options:
          --bytes N        the size to reach, in bytes (payload, export)
          --messages N     the number of messages (conversation)
          --form FORM      array, ndjson, concatenated or pages (default: ndjson)
          --variety V      realistic or adversarial text (default: realistic)
          --shape S        long (bodies of 20 to 2,000 bytes) or chat (short chat lines, as in
                           the seed payload) messages (default: long)
          --seed S         the generator's seed (default: 42)
          --pretty         indented JSON (payload, conversation)
          -o FILE          write to FILE (default: standard output)
          -h, --help       show this help and exit

        """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("limestream-gen: \(message)\n\n\(usage)\n".utf8))
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
    FileHandle.standardOutput.write(Data(help.utf8))
    exit(0)
}
guard let command = arguments.first else { fail("missing command") }
arguments.removeFirst()
var options: [String: String] = [:]
var pretty = false
while let argument = arguments.first {
    arguments.removeFirst()
    if argument == "--pretty" {
        pretty = true
        continue
    }
    guard ["--bytes", "--seed", "-o", "--form", "--variety", "--shape", "--messages"].contains(argument) else {
        fail("unknown argument \(argument)")
    }
    guard let value = arguments.first else { fail("\(argument) needs a value") }
    arguments.removeFirst()
    options[argument] = value
}
let seed = UInt64(options["--seed"] ?? "42") ?? { fail("--seed takes a number") }()
guard let variety = FixtureGenerator.Variety(rawValue: options["--variety"] ?? "realistic") else {
    fail("unknown variety")
}
guard let shape = FixtureGenerator.Shape(rawValue: options["--shape"] ?? "long") else { fail("unknown shape") }
var generator = FixtureGenerator(seed: seed, variety: variety, shape: shape)

let output: FileHandle
if let path = options["-o"] {
    guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path)
    else {
        fail("cannot write \(path)")
    }
    output = handle
} else {
    output = FileHandle.standardOutput
}

switch command {
case "payload":
    guard let bytes = Int(options["--bytes"] ?? "") else { fail("payload needs --bytes N") }
    output.write(Data(generator.longPayload(targetBytes: bytes, pretty: pretty)))
case "conversation":
    guard let messages = Int(options["--messages"] ?? "") else { fail("conversation needs --messages N") }
    output.write(Data(generator.conversation(messageCount: messages, pretty: pretty)))
case "export":
    guard let bytes = Int(options["--bytes"] ?? "") else { fail("export needs --bytes N") }
    guard let form = ExportLayout(rawValue: options["--form"] ?? "ndjson") else { fail("unknown form") }
    generator.writeExport(form: form, targetBytes: bytes) { chunk in output.write(Data(chunk)) }
default:
    fail("unknown command \(command)")
}
try? output.close()
