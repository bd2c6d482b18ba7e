import LimeMapping
import LimeUserlike

/// `limestream convert [--mapping FILE] [--jobs N] [--output FILE] [--progress | --quiet] [FILE... | -]`:
/// one Lime plan per conversation (NDJSON), what `send` will carry out. Pure: no network.
enum ConvertCommand {
    static func run(_ arguments: [String]) throws(UsageError) -> ExitCode {
        let parsed = try CommandSpec.convert.parse(arguments)
        let settings = try ExportSettings(parsed, command: "convert")
        guard let configuration = MappingOption.configuration(parsed.value("mapping")) else { return .usage }
        let mapper = LimeMapper(configuration: configuration)
        // A plan line is made whole (the mapping may still fail at its end): it is not spilled.
        return try settings.run(paths: parsed.operands) { conversation, buffer, _ in
            do throws(LimeMapper.MappingError) {
                try mapper.writePlanLine(for: conversation, into: &buffer)
                buffer.append(0x0A)
                return nil
            } catch {
                return error.message
            }
        }
    }
}

/// `--mapping FILE`: the customer's mapping, read and checked before any input is read.
enum MappingOption {
    enum Outcome {
        case success(MappingConfiguration)
        case failure(String)
    }

    /// The mapping at `path` (the built-in one when none is given), or nil after saying on
    /// standard error why it cannot be read: what every command with `--mapping` starts with.
    static func configuration(_ path: String?) -> MappingConfiguration? {
        switch load(path) {
        case .success(let configuration): return configuration
        case .failure(let message):
            printError("limestream: \(message)")
            return nil
        }
    }

    /// The mapping at `path`, or the built-in one when none is given.
    static func load(_ path: String?) -> Outcome {
        guard let path else { return .success(.standard) }
        let bytes: [UInt8]
        do {
            bytes = try ReadWholeFile.bytes(path)
        } catch {
            return .failure("\(error)")
        }
        do {
            return .success(try MappingConfiguration(json: bytes))
        } catch {
            return .failure("\(path): \(error)")
        }
    }
}

/// Reads a small file whole (a mapping file).
enum ReadWholeFile {
    static func bytes(_ path: String) throws(ExportError) -> [UInt8] {
        let source = try FileByteSource(path: path)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try source.read(into: &chunk)
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }
}
