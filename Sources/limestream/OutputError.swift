#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A write to an output that failed: the output's name and the system's error number.
struct OutputError: Error, Equatable, CustomStringConvertible {
    /// The output as messages name it, without a path (`standard output`): the shell, not the
    /// program, knows where it leads.
    var name: String
    /// `errno` of the failed `write(2)` (or `poll(2)`).
    var code: Int32

    /// `cannot write standard output: No space left on device`.
    var description: String { "cannot write \(name): \(String(cString: strerror(code)))" }
}
