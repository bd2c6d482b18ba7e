#if os(Linux)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #endif

    /// The few libcurl calls ``CurlTransport`` makes, bound at run time from the `libcurl.so.4`
    /// the system has (the one FoundationNetworking links too, which `limestream` no longer loads),
    /// so the package needs no C headers and no package.
    ///
    /// libcurl's option setter and info getter are variadic in C. They are bound once per argument
    /// type (a `long`, a pointer, a callback) as plain C function pointers: on x86-64 and AArch64
    /// Linux a variadic callee reads integer and pointer arguments from the same registers as a
    /// fixed one. (Not so on Apple's arm64, which is why this file is Linux only.) The numbers are
    /// libcurl's documented, stable ABI values.
    enum Curl {
        typealias Handle = OpaquePointer
        typealias WriteCallback =
            @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int

        struct Functions {
            let easyInit: @convention(c) () -> Handle?
            let easyCleanup: @convention(c) (Handle) -> Void
            let easyReset: @convention(c) (Handle) -> Void
            let easyPerform: @convention(c) (Handle) -> Int32
            let setLong: @convention(c) (Handle, Int32, Int) -> Int32
            let setPointer: @convention(c) (Handle, Int32, UnsafeRawPointer?) -> Int32
            let setCallback: @convention(c) (Handle, Int32, WriteCallback) -> Int32
            let getLong: @convention(c) (Handle, Int32, UnsafeMutablePointer<Int>) -> Int32
            let listAppend: @convention(c) (OpaquePointer?, UnsafePointer<CChar>) -> OpaquePointer?
            let listFree: @convention(c) (OpaquePointer?) -> Void
            let strerror: @convention(c) (Int32) -> UnsafePointer<CChar>?
        }

        /// The bound functions, or why libcurl could not be loaded.
        static let functions: Result<Functions, SenderError> = {
            guard let library = dlopen("libcurl.so.4", RTLD_NOW) else {
                return .failure(.transport("cannot load libcurl.so.4: \(String(cString: dlerror()))"))
            }
            func bind<T>(_ name: String, as type: T.Type) -> T? {
                dlsym(library, name).map { unsafeBitCast($0, to: type) }
            }
            typealias GlobalInit = @convention(c) (Int) -> Int32
            guard let globalInit = bind("curl_global_init", as: GlobalInit.self),
                let easyInit = bind("curl_easy_init", as: (@convention(c) () -> Handle?).self),
                let easyCleanup = bind("curl_easy_cleanup", as: (@convention(c) (Handle) -> Void).self),
                let easyReset = bind("curl_easy_reset", as: (@convention(c) (Handle) -> Void).self),
                let easyPerform = bind("curl_easy_perform", as: (@convention(c) (Handle) -> Int32).self),
                let setLong = bind("curl_easy_setopt", as: (@convention(c) (Handle, Int32, Int) -> Int32).self),
                let setPointer = bind(
                    "curl_easy_setopt", as: (@convention(c) (Handle, Int32, UnsafeRawPointer?) -> Int32).self),
                let setCallback = bind(
                    "curl_easy_setopt", as: (@convention(c) (Handle, Int32, WriteCallback) -> Int32).self),
                let getLong = bind(
                    "curl_easy_getinfo", as: (@convention(c) (Handle, Int32, UnsafeMutablePointer<Int>) -> Int32).self),
                let listAppend = bind(
                    "curl_slist_append",
                    as: (@convention(c) (OpaquePointer?, UnsafePointer<CChar>) -> OpaquePointer?).self),
                let listFree = bind("curl_slist_free_all", as: (@convention(c) (OpaquePointer?) -> Void).self),
                let strerror = bind("curl_easy_strerror", as: (@convention(c) (Int32) -> UnsafePointer<CChar>?).self)
            else { return .failure(.transport("libcurl.so.4 lacks a function LimeStream uses")) }
            // CURL_GLOBAL_DEFAULT; once, before any handle (libcurl counts the calls).
            guard globalInit(3) == 0 else { return .failure(.transport("libcurl did not initialise")) }
            return .success(
                Functions(
                    easyInit: easyInit, easyCleanup: easyCleanup, easyReset: easyReset, easyPerform: easyPerform,
                    setLong: setLong,
                    setPointer: setPointer, setCallback: setCallback, getLong: getLong, listAppend: listAppend,
                    listFree: listFree,
                    strerror: strerror))
        }()

        // Option numbers: type base (0 long, 10000 pointer, 20000 function) plus the option's index.
        static let writeData: Int32 = 10001
        static let url: Int32 = 10002
        static let errorBuffer: Int32 = 10010
        static let writeFunction: Int32 = 20011
        static let userAgent: Int32 = 10018
        static let httpHeader: Int32 = 10023
        static let headerData: Int32 = 10029
        static let customRequest: Int32 = 10036
        static let noProgress: Int32 = 43
        static let post: Int32 = 47
        static let followLocation: Int32 = 52
        static let postFieldSize: Int32 = 60
        static let freshConnect: Int32 = 74
        static let forbidReuse: Int32 = 75
        static let headerFunction: Int32 = 20079
        static let httpGet: Int32 = 80
        static let noSignal: Int32 = 99
        static let timeoutMilliseconds: Int32 = 155
        static let connectTimeoutMilliseconds: Int32 = 156
        static let copyPostFields: Int32 = 10165
        /// CURLINFO_LONG + 2.
        static let responseCode: Int32 = 0x20_0002
        /// CURL_ERROR_SIZE.
        static let errorBufferSize = 256
    }
#endif
