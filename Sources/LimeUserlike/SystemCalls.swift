#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// `read(2)` and `write(2)` by names of their own, for the types that have `read` or `write`
// methods (``FileByteSource``, the CLI's output stream): inside such a type the bare name means
// the method. Here, at file scope, the bare names are the C library's, whatever its module is
// called (Glibc on Linux, Darwin on Apple's systems), so no caller names a module.

/// `read(2)`: up to `count` bytes from `descriptor` into `buffer`; the count read, or -1 with `errno` set.
package func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// `write(2)`: up to `count` bytes of `buffer` to `descriptor`; the count written, or -1 with `errno` set.
package func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
