/// The package's version: the one place it is written. `limestream --version` prints it, and the
/// tests hold the man page's header (`limestream.1`) to it.
enum Version {
    static let number = "0.9.0"

    /// `limestream 0.9.0`.
    static var line: String { "limestream \(number)" }
}
